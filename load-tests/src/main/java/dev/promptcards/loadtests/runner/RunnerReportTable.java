package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as text for a terminal: where it ran and what, then a block per pass over the card with
 * a row per figure (ours, promptfoo's, ours / promptfoo), the goal, the checks.
 */
final class RunnerReportTable {

    private static final String ROW = "  %-40s %12s %12s %12s%s%n";

    private RunnerReportTable() {}

    static String render(RunnerReport report) {
        StringBuilder out = new StringBuilder();
        Machine m = report.machine();
        Map<String, Object> s = report.settings();
        out.append(f("Runner benchmark: one card of %s tests run by promptcards and by promptfoo against the same local"
                + " OpenAI stub (in the bench JVM, no delay), %s calls at once on both sides, %s round(s)%n",
                s.get("tests"), s.get("concurrency"), s.get("rounds")));
        out.append(f("machine: %d cores (%s); %s; load average %.2f at start%n", m.cores(), m.cpu(), m.os(), m.loadAverage()));
        String ours = report.versions().get("ours");
        if (ours != null) {
            out.append(f("ours:      %s%n", ours));
        }
        String promptfoo = report.versions().get("promptfoo");
        if (promptfoo != null) {
            out.append(f("promptfoo: %s%n", promptfoo));
        }
        boolean anyNoisy = false;
        for (RunnerReport.Section section : report.sections()) {
            out.append(f("%n%s%n", section.title()));
            out.append(f(ROW, "", "ours", "promptfoo", "ours/pf", ""));
            for (ScenarioResult r : section.results()) {
                anyNoisy |= r.noisy();
                double ratio = r.ratio();
                out.append(f(ROW, r.metric().label() + (r.metric().higherIsBetter() ? " (more is better)" : ""),
                        r.metric().unit().format(r.oursMedian()),
                        r.metric().unit().format(r.referenceMedian()),
                        Double.isNaN(ratio) ? "-" : f("%.3f", ratio),
                        r.noisy() ? "  NOISY" : ""));
            }
            double goal = section.cpuPerTestRatio();
            if (!Double.isNaN(goal)) {
                out.append(f("  goal (issue 13), our CPU per test at most 1/3 of promptfoo's: %.3f, %s%n", goal,
                        section.goalMet() ? "met" : "NOT MET"));
            }
        }
        out.append('\n');
        out.append(f("ours/pf below 1: ours is faster, smaller or cheaper; above 1 for rows marked (more is better).%n"
                + "wall: ours from the POST to the run's finishedAt, promptfoo from its start to its exit (Node's start,%n"
                + "loading the config, the eval, writing results.json and its database);%n"
                + "CPU: /proc utime + stime; ours: the server's JVM from just before the POST to the moment the connected client saw the end,%n"
                + "plus its PostgreSQL's processes over the same span ('without database': the JVM alone);%n"
                + "promptfoo: every process of the eval, from start to exit (its children's time read by the shell that%n"
                + "waited for it); peak resident memory: VmHWM of our JVM since it started, promptfoo's processes sampled%n"
                + "every %d ms; our PostgreSQL's memory is the Pss sum of its processes after the run.%n",
                PromptfooEval.SAMPLE_MILLIS));
        if (anyNoisy) {
            out.append(f("NOISY: a side's rounds spread more than %.0f%% ((max - min) / median)%n",
                    ScenarioResult.NOISY_SPREAD * 100));
        }
        List<Check> failed = report.checks().stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            out.append(f("checks: all %d passed (%s)%n", report.checks().size(),
                    report.checks().stream().map(Check::name).collect(Collectors.joining("; "))));
        } else {
            for (Check c : failed) {
                out.append(f("CHECK FAILED: %s (%s)%n", c.name(), c.detail()));
            }
        }
        out.append(f("took %.0f s%n", report.elapsedSeconds()));
        return out.toString();
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
