package dev.promptcards.loadtests.crdt;

import dev.promptcards.loadtests.BenchCommand;
import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs the CRDT benchmark: starts the Yjs side, then runs rounds alternately (a Java round, a Yjs
 * round, ...), discards the warm-up rounds, and compares what the two sides produced.
 */
final class CrdtBenchmark {

    /**
     * What to run.
     *
     * @param warmupRounds rounds run first and discarded (each side's JIT warms up in them)
     * @param rounds rounds measured
     * @param edits how many edits of the trace to replay; 0 replays them all
     * @param minRepeatMillis see {@link RoundSettings#minRepeatMillis()}
     * @param memoryCopies see {@link RoundSettings#memoryCopies()}; 0 picks
     *     {@link RoundSettings#defaultMemoryCopies(int)}
     */
    record Settings(int warmupRounds, int rounds, int edits, double minRepeatMillis, int memoryCopies) {
        Settings {
            if (warmupRounds < 0 || rounds < 1 || edits < 0 || minRepeatMillis < 0 || memoryCopies < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "need --warmup >= 0, --rounds >= 1, --edits >= 0, --min-repeat-ms >= 0 and --memory-copies >= 0"
                                + " (got %d, %d, %d, %s and %d)", warmupRounds, rounds, edits, minRepeatMillis, memoryCopies));
            }
        }
    }

    private final BenchFiles files;
    private final Settings settings;
    private final PrintStream progress;

    /**
     * @param files the trace and the Node side
     * @param settings what to run
     * @param progress where a line per round goes
     */
    CrdtBenchmark(BenchFiles files, Settings settings, PrintStream progress) {
        this.files = files;
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs it: several seconds per round for the whole trace. */
    CrdtReport run() throws IOException {
        Instant date = Instant.now();
        long start = System.nanoTime();
        Machine machine = Machine.current();
        files.installNodeModules("run the CRDT benchmark (it measures Yjs in Node.js)");
        B4Trace trace = B4Trace.read(files.trace(), settings.edits());
        RoundSettings roundSettings =
                new RoundSettings(
                        settings.minRepeatMillis(),
                        settings.memoryCopies() > 0
                                ? settings.memoryCopies()
                                : RoundSettings.defaultMemoryCopies(trace.edits()));
        progress.println("java side: " + Heap.keepGrownHeap());
        JavaRound java = new JavaRound();
        List<RoundFigures> ours = new ArrayList<>();
        List<RoundFigures> theirs = new ArrayList<>();
        try (YjsProcess yjs = YjsProcess.start(files.jsDir())) {
            YjsProcess.Versions versions = yjs.hello();
            long loaded = yjs.load(files.trace(), settings.edits());
            if (loaded != trace.edits()) {
                throw new IllegalStateException("Yjs loaded " + loaded + " edits, Java " + trace.edits());
            }
            int total = settings.warmupRounds() + settings.rounds();
            for (int round = 1; round <= total; round++) {
                RoundFigures javaRound = java.run(trace, roundSettings);
                RoundFigures yjsRound = yjs.round(roundSettings);
                boolean warmup = round <= settings.warmupRounds();
                progress.printf(
                        Locale.ROOT,
                        "round %d/%d%s: local %.0f / %.0f ms, remote %.0f / %.0f ms, parse %.1f / %.1f ms (Java / Yjs)%n",
                        round, total, warmup ? " (warm-up)" : "",
                        javaRound.localMillis(), yjsRound.localMillis(),
                        javaRound.remoteMillis(), yjsRound.remoteMillis(),
                        javaRound.parseMillis(), yjsRound.parseMillis());
                if (!warmup) {
                    ours.add(javaRound);
                    theirs.add(yjsRound);
                }
            }
            StateComparison state = StateComparison.of(java.lastState(), yjs.state());
            List<ScenarioResult> results = new ArrayList<>();
            for (Scenario scenario : Scenario.values()) {
                results.add(
                        new ScenarioResult(
                                scenario,
                                ours.stream().map(scenario::of).toList(),
                                theirs.stream().map(scenario::of).toList()));
            }
            return new CrdtReport(
                    date,
                    (System.nanoTime() - start) / 1e9,
                    machine,
                    BenchCommand.projectVersion(),
                    versions,
                    files.trace().toString(),
                    trace.edits(),
                    trace.totalEdits(),
                    settings.warmupRounds(),
                    settings.rounds(),
                    roundSettings,
                    results,
                    state,
                    checks(trace, ours, theirs, state));
        }
    }

    /** What the last measured round of both sides must agree on, and every round with the last. */
    private static List<Check> checks(
            B4Trace trace, List<RoundFigures> ours, List<RoundFigures> theirs, StateComparison state) {
        RoundFigures java = ours.get(ours.size() - 1);
        RoundFigures yjs = theirs.get(theirs.size() - 1);
        List<Check> checks = new ArrayList<>();
        checks.add(
                new Check(
                        "final text equals Yjs's",
                        java.textSha256().equals(yjs.textSha256()) && java.textLength() == yjs.textLength(),
                        String.format(Locale.ROOT, "%,d / %,d chars after %,d edits", java.textLength(), yjs.textLength(), trace.edits())));
        if (trace.isWhole()) {
            checks.add(
                    new Check(
                            "final text is the paper's",
                            java.textSha256().equals(B4Trace.FINAL_TEXT_SHA256)
                                    && java.textLength() == B4Trace.FINAL_TEXT_LENGTH,
                            "sha256 " + java.textSha256()));
        }
        checks.add(
                new Check(
                        "remote doc's text equals the replayed text",
                        java.remoteTextSha256().equals(java.textSha256())
                                && yjs.remoteTextSha256().equals(yjs.textSha256()),
                        "Java and Yjs"));
        checks.add(
                new Check(
                        "loaded doc's text equals the replayed text",
                        java.parsedTextSha256().equals(java.textSha256())
                                && yjs.parsedTextSha256().equals(yjs.textSha256()),
                        "Java and Yjs"));
        checks.add(
                new Check(
                        "per-edit updates equal Yjs's, byte for byte",
                        java.updates() == yjs.updates() && java.updatesSha256().equals(yjs.updatesSha256()),
                        String.format(Locale.ROOT, "%,d / %,d updates", java.updates(), yjs.updates())));
        checks.add(
                new Check(
                        "encoded state equals Yjs's, byte for byte",
                        state.identical(),
                        String.format(
                                Locale.ROOT,
                                "%,d / %,d bytes%s",
                                state.oursLength(),
                                state.referenceLength(),
                                state.identical() ? "" : ", first difference at byte " + state.firstDifference())));
        checks.add(
                new Check(
                        "every round produced the same state",
                        allSame(ours, RoundFigures::stateSha256) && allSame(theirs, RoundFigures::stateSha256),
                        ours.size() + " measured rounds each"));
        return checks;
    }

    private static boolean allSame(List<RoundFigures> rounds, Function<RoundFigures, String> field) {
        Object first = field.apply(rounds.get(0));
        return rounds.stream().allMatch(round -> Objects.equals(field.apply(round), first));
    }
}
