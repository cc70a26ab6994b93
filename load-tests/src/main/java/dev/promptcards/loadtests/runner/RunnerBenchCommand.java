package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.ReportOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench runner}: one card of test cases run by our server (through its HTTP API, streamed into
 * the card with a client connected) and by promptfoo 0.121.20's CLI against the same local OpenAI
 * stub, with the same concurrency, one after the other. Prints a table (ours, promptfoo's, the ratio
 * per figure, issue 13's goal) and, with {@code --json FILE}, writes the figures as JSON. Exits 0
 * when the checks held (every test ran with the outcome the card says on both sides, the same token
 * usage everywhere), 1 when not; the goal is reported, not checked.
 */
@Command(
        name = "runner",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs one card of tests with our server and with promptfoo against the same local OpenAI stub.",
            "",
            "Ours: server/target/promptcards-server.jar with its embedded PostgreSQL; the card is written by a"
                    + " connected WebSocket client, which stays to watch, and run three times through the HTTP API"
                    + " (POST .../runs, watched in the card until it ends, then GET .../runs/{id}): first on a fresh"
                    + " JVM, then twice again on it."
                    + " promptfoo: its CLI (load-tests/src/main/promptfoo, npm ci on first use) on the same card as"
                    + " a generated promptfooconfig.yaml, promptfoo eval -j 4 --no-cache, three times. The stub answers"
                    + " each prompt back at once. Both sides call it 4 at a time. Linux only (/proc). About a"
                    + " minute and a half on 2 cores.",
            "",
            "Run it from the repository: ./promptcards bench runner [--json FILE]."
        })
public final class RunnerBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Option(names = "--tests", defaultValue = "200",
            description = "Test cases of the card (default: ${DEFAULT-VALUE}, as issue 13 says).")
    int tests;

    @Option(names = "--text-words", defaultValue = "60", paramLabel = "N",
            description = "Words of each test's ticket text, which the stub answers back with the rest of the"
                    + " prompt (default: ${DEFAULT-VALUE}: answers of about 70 tokens).")
    int textWords;

    @Option(names = "--rounds", defaultValue = "1",
            description = "Rounds; each runs both sides three times, medians reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--sides", split = ",", paramLabel = "SIDE", defaultValue = "ours,promptfoo",
            description = "Sides to run: ours, promptfoo (default: ${DEFAULT-VALUE}).")
    List<String> sides;

    @Option(names = "--server-jar", paramLabel = "FILE",
            description = "Our server's jar (default: server/target/promptcards-server.jar in the repository).")
    Path serverJar;

    /** The tests start our server from their classpath, which holds the server module and its dependencies. */
    @Option(names = "--server-classpath", hidden = true, paramLabel = "CLASSPATH")
    String serverClasspath;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchFiles files = BenchFiles.locate();
        List<String> launch = serverClasspath != null
                ? List.of("-cp", serverClasspath, OurServer.MAIN)
                : List.of("-jar", (serverJar != null ? serverJar : files.serverJar()).toAbsolutePath().toString());
        RunnerBenchmark.Settings settings;
        try {
            List<Side> chosen = new ArrayList<>();
            for (String s : sides) {
                chosen.add(switch (s.trim()) {
                    case "ours" -> Side.OURS;
                    case "promptfoo" -> Side.PROMPTFOO;
                    default -> throw new IllegalArgumentException("--sides: unknown side '" + s + "' (ours, promptfoo)");
                });
            }
            settings = new RunnerBenchmark.Settings(tests, textWords, rounds, chosen, launch);
            BenchCard.generate(tests, textWords);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return spec.exitCodeOnInvalidInput();
        }
        RunnerReport report = new RunnerBenchmark(files, settings, System.err).run();
        ReportOutput.write(out, RunnerReportTable.render(report), () -> RunnerReportJson.render(report), json);
        return report.passed() ? 0 : 1;
    }
}
