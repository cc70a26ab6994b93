package dev.promptcards.loadtests.crdt;

import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.ReportOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench crdt}: our crdt module against Yjs 13.6.33 on the B4 trace, in one run. Prints a
 * table (ours, Yjs's, ours / Yjs per scenario) and, with {@code --json FILE}, writes the figures as
 * JSON. Exits 0 when both sides produced the same text, updates and state; 1 when they did not.
 */
@Command(
        name = "crdt",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks the crdt module against Yjs 13.6.33 (run by Node) on the B4 editing trace.",
            "Scenarios: local replay, remote updates applied, encode and parse of the full state, heap of",
            "a loaded doc, and byte equality of the encoded states. Rounds alternate Java, Yjs, ...; the",
            "warm-up rounds are discarded and the medians reported. Run it from the repository."
        })
public final class CrdtBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "5", description = "Measured rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up rounds, discarded (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--edits", defaultValue = "0", paramLabel = "N",
            description = "Replay only the first N edits of the trace (default: all 259,778).")
    int edits;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "The B4 trace (default: " + BenchFiles.TRACE + " in the repository).")
    Path trace;

    @Option(names = "--min-repeat-ms", defaultValue = "200", paramLabel = "MS",
            description = "Repeat encode and parse within a round until MS have passed, and report the mean (default: ${DEFAULT-VALUE}).")
    double minRepeatMillis;

    @Option(names = "--memory-copies", defaultValue = "0", paramLabel = "N",
            description = "Loaded docs held at once to measure one's heap (default: about a million edits' worth, 4 for the whole trace).")
    int memoryCopies;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchFiles files = BenchFiles.locate();
        if (trace != null) {
            files = files.withTrace(trace);
        }
        CrdtBenchmark.Settings settings;
        try {
            settings = new CrdtBenchmark.Settings(warmup, rounds, edits, minRepeatMillis, memoryCopies);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return spec.exitCodeOnInvalidInput();
        }
        CrdtReport report = new CrdtBenchmark(files, settings, System.err).run();
        ReportOutput.write(out, ReportTable.render(report), () -> ReportJson.render(report), json);
        return report.passed() ? 0 : 1;
    }
}
