package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as text for a terminal: where it ran and what, then a block per scenario with a row
 * per figure: ours, the reference's, ours / reference.
 */
final class ServerReportTable {

    private static final String ROW = "  %-44s %12s %12s %9s%s%n";

    private ServerReportTable() {}

    static String render(ServerReport report) {
        StringBuilder out = new StringBuilder();
        Machine m = report.machine();
        Map<String, Object> s = report.settings();
        out.append(f("Server benchmark: promptcards against the Node y-websocket server, the same load from one generator%n"));
        out.append(f("(Java, Netty, %s event loop thread(s), in the bench JVM), each scenario on a fresh process of each server,"
                + " %s round(s)%n", s.get("generatorThreads"), s.get("rounds")));
        out.append(f("machine: %d cores (%s); %s; load average %.2f at start%n", m.cores(), m.cpu(), m.os(), m.loadAverage()));
        out.append(f("generator: %s; %s%n", m.jdk(), m.gc()));
        out.append(f("cpus: %s%n", s.get("pinning")));
        Map<String, String> ours = report.versions().get(Side.OURS);
        if (ours != null) {
            out.append(f("ours: %s, %s on %s; cards stored in %s (its processes measured apart)%n",
                    ours.get("server"), ours.get("launch"), ours.get("jvm"), ours.get("postgresql")));
        }
        Map<String, String> ref = report.versions().get(Side.REFERENCE);
        if (ref != null && ref.get("server") != null) {
            out.append(f("ref:  %s, Yjs %s, y-protocols %s, lib0 %s, ws %s on Node %s; in memory only (no persistence, no database)%n",
                    ref.get("server"), ref.get("yjs"), ref.get("y-protocols"), ref.get("lib0"), ref.get("ws"), ref.get("node")));
        }
        for (Side side : Side.values()) {
            Map<String, String> v = report.versions().get(side);
            if (v != null && v.get("crossNode") != null) {
                out.append(f("cross-node %s: %s%n", side == Side.OURS ? "ours" : "ref", v.get("crossNode")));
            }
        }
        out.append(f("warm-up %ss, steady windows %ss, other windows %ss%n",
                s.get("warmupSeconds"), s.get("steadySeconds"), s.get("scenarioSeconds")));

        boolean anyNoisy = false;
        for (ServerReport.Section section : report.sections()) {
            out.append(f("%n%s%n", section.title()));
            out.append(f(ROW, "", "ours", "reference", "ours/ref", ""));
            for (ScenarioResult r : section.results()) {
                anyNoisy |= r.noisy();
                double ratio = r.ratio();
                out.append(f(ROW, r.metric().label() + (r.metric().higherIsBetter() ? " (more is better)" : ""),
                        r.metric().unit().format(r.oursMedian()),
                        r.metric().unit().format(r.referenceMedian()),
                        Double.isNaN(ratio) ? "-" : f("%.3f", ratio),
                        r.noisy() ? "  NOISY" : ""));
            }
            for (Map.Entry<Side, List<String>> flags : section.flags().entrySet()) {
                for (String flag : flags.getValue()) {
                    out.append(f("  ! %s: %s%n", flags.getKey().key, flag));
                }
            }
        }
        out.append('\n');
        out.append(f("ours/ref below 1: ours is faster, smaller or cheaper; above 1 for rows marked (more is better).%n"
                + "latency: from the sender's send to each other client of the room receiving it (one clock, the generator's);%n"
                + "cross-node: same-node latency from a sender to the others on its node, cross-node to those on the other;%n"
                + "  cross-node / same-node compares the two within one server's run; ours/ref compares the servers;%n"
                + "echo: to the sender itself (ours echoes an update once it is stored in PostgreSQL, the reference at once);%n"
                + "CPU per message: the server process's CPU time (/proc utime + stime) over the window / messages sent in it;%n"
                + "'incl. database' adds our PostgreSQL's processes (the reference has none: the same figure);%n"
                + "memory: VmRSS of the server process; PostgreSQL's as the Pss sum of its processes; heap: after a full%n"
                + "collection (jcmd GC.run / Node global.gc()), JVM heap used vs Node heapUsed.%n"));
        if (anyNoisy) {
            out.append(f("NOISY: a side's rounds spread more than %.0f%% ((max - min) / median)%n", ScenarioResult.NOISY_SPREAD * 100));
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
