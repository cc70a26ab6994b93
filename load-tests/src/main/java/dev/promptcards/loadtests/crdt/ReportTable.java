package dev.promptcards.loadtests.crdt;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.List;
import java.util.Locale;

/** The report as text for a terminal: where it ran, then one row per scenario with the ratio. */
final class ReportTable {

    private static final String ROW = "%-24s %14s %14s %10s   %s%n";

    private ReportTable() {}

    static String render(CrdtReport report) {
        StringBuilder out = new StringBuilder();
        Machine m = report.machine();
        YjsProcess.Versions ref = report.reference();
        String yjs = "Yjs " + ref.yjs();
        out.append(format("CRDT benchmark: B4 trace, %,d of %,d edits; %d measured round%s after %d warm-up, Java and Yjs alternating%n",
                report.edits(), report.traceEdits(), report.rounds(), report.rounds() == 1 ? "" : "s", report.warmupRounds()));
        out.append(format("machine: %d cores (%s); %s; load average %.2f at start%n",
                m.cores(), m.cpu(), m.os(), m.loadAverage()));
        out.append(format("ours:    promptcards %s on %s; %s; max heap %,d MB%n",
                report.promptcardsVersion(), m.jdk(), m.gc(), m.maxHeapBytes() / 1_000_000));
        out.append(format("ref:     %s, lib0 %s on Node %s%n%n", yjs, ref.lib0(), ref.node()));

        out.append(format(ROW, "scenario", "ours", yjs, "ours/Yjs", "spread ours / Yjs"));
        boolean anyNoisy = false;
        for (ScenarioResult r : report.results()) {
            anyNoisy |= r.noisy();
            out.append(format(ROW, r.metric().label(),
                    r.metric().unit().format(r.oursMedian()),
                    r.metric().unit().format(r.referenceMedian()),
                    Double.isNaN(r.ratio()) ? "-" : format("%.3f", r.ratio()),
                    format("%3.0f%% / %3.0f%%%s", r.oursSpread() * 100, r.referenceSpread() * 100, r.noisy() ? "  NOISY" : "")));
        }
        StateComparison state = report.state();
        out.append(format(ROW, "encoded state",
                format("%,d B", state.oursLength()), format("%,d B", state.referenceLength()),
                state.identical() ? "identical" : "DIFFERENT", ""));
        out.append('\n');

        ScenarioResult local = report.result(Scenario.LOCAL);
        ScenarioResult remote = report.result(Scenario.REMOTE);
        double edits = report.edits();
        out.append(format("per edit (ours / Yjs): local %.2f / %.2f us, remote %.2f / %.2f us%n",
                local.oursMedian() * 1000 / edits, local.referenceMedian() * 1000 / edits,
                remote.oursMedian() * 1000 / edits, remote.referenceMedian() * 1000 / edits));
        out.append(format(
                "local: one transaction per edit, an update listener receiving each update; remote: those updates%n"
                        + "applied in order to a fresh doc that has an update listener too (as a server's room); encode,%n"
                        + "parse: mean of the calls repeated for %.0f ms in a round; memory: heap growth after full GCs%n"
                        + "(Java MemoryMXBean, Node heapUsed) per doc loaded from the state, %d held at once.%n",
                report.roundSettings().minRepeatMillis(), report.roundSettings().memoryCopies()));
        if (anyNoisy) {
            out.append(format("NOISY: a side's rounds spread more than %.0f%% ((max - min) / median); run more rounds or on a quieter machine%n",
                    ScenarioResult.NOISY_SPREAD * 100));
        }
        List<Check> failed = report.checks().stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            out.append(format("checks: all %d passed (text, updates and state equal to Yjs's)%n", report.checks().size()));
        } else {
            for (Check c : failed) {
                out.append(format("CHECK FAILED: %s (%s)%n", c.name(), c.detail()));
            }
        }
        out.append(format("took %.0f s%n", report.elapsedSeconds()));
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
