package dev.promptcards.loadtests.runner;

import dev.promptcards.loadtests.BenchCommand;
import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import dev.promptcards.loadtests.report.Unit;
import dev.promptcards.loadtests.server.ProcFs;
import dev.promptcards.loadtests.server.Tokens;
import dev.promptcards.stubs.OpenAiStub;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runner benchmark: the same card run by our server and by promptfoo against one local OpenAI
 * stub ({@link OpenAiStub}, in this JVM, answering at once), one side after the other, each three times per
 * round: ours on a fresh server (the first run with a cold JVM, the others on the same server), and
 * promptfoo's CLI three times (each a process of its own, as a user runs it).
 */
final class RunnerBenchmark {

    /** The workspace of the card on our server. */
    static final String WORKSPACE = "bench";
    /** Calls at once to the provider on both sides: promptfoo {@code -j 4}, our runner's default per provider. */
    static final int CONCURRENCY = 4;
    /**
     * Each side runs the card three times per round: ours on one fresh server (the first run pays the JVM's
     * class loading and JIT compilation, which goes on into the second; the third is what a server that has
     * been running does), promptfoo as three CLI evals (each a new process, as a user runs it).
     */
    static final List<String> PASSES = List.of("first", "second", "third");

    /**
     * What to run.
     *
     * @param tests the card's test cases
     * @param textWords the words of each test's ticket text
     * @param rounds rounds; each runs both sides three times, medians are reported
     * @param sides the sides to run
     * @param oursLaunch how to start our server's JVM: {@code [-jar, JAR]} or {@code [-cp, CP, MAIN]}
     */
    record Settings(int tests, int textWords, int rounds, List<Side> sides, List<String> oursLaunch) {

        Settings {
            if (rounds < 1) {
                throw new IllegalArgumentException("--rounds must be at least 1, not " + rounds);
            }
            if (sides.isEmpty()) {
                throw new IllegalArgumentException("--sides names no side (ours, promptfoo)");
            }
            sides = List.copyOf(new LinkedHashSet<>(sides));
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("tests", tests);
            d.put("textWords", textWords);
            d.put("concurrency", CONCURRENCY);
            d.put("rounds", rounds);
            d.put("sides", sides.stream().map(s -> s.key).toList());
            d.put("pollMillis", OurRun.POLL_MILLIS);
            return d;
        }
    }

    private final BenchFiles files;
    private final Settings settings;
    private final PrintStream progress;

    RunnerBenchmark(BenchFiles files, Settings settings, PrintStream progress) {
        this.files = files;
        this.settings = settings;
        this.progress = progress;
    }

    RunnerReport run() throws IOException {
        Instant date = Instant.now();
        long started = System.nanoTime();
        Machine machine = Machine.current();
        if (!ProcFs.available()) {
            throw new IOException("the runner benchmark reads CPU and memory from /proc: it runs on Linux only");
        }
        Path promptfooDir = files.promptfooDir();
        Map<String, String> versions = new LinkedHashMap<>();
        if (settings.sides().contains(Side.PROMPTFOO)) {
            files.installNodeModules(promptfooDir, "run the runner benchmark (promptfoo runs in Node.js)");
            versions.put("promptfoo", "promptfoo " + PromptfooEval.version(promptfooDir) + " on Node "
                    + nodeVersion() + ", its results database in a new PROMPTFOO_CONFIG_DIR");
        }
        if (settings.sides().contains(Side.OURS) && settings.oursLaunch().get(0).equals("-jar")
                && !Files.isRegularFile(Path.of(settings.oursLaunch().get(1)))) {
            throw new IOException(settings.oursLaunch().get(1) + " is missing: build it first (mvn -DskipTests install,"
                    + " or ./promptcards serve --help builds it)");
        }
        BenchCard card = BenchCard.generate(settings.tests(), settings.textWords());
        Tokens tokens = Tokens.random();
        Path work = Files.createTempDirectory("promptcards-bench-runner-");
        Map<String, Map<Side, List<RunMeasure>>> measured = new LinkedHashMap<>();
        boolean keepWork = true;
        try (OpenAiStub stub = OpenAiStub.start()) {
            Path config = PromptfooConfig.write(work.resolve("promptfoo"), card.content(), stub.baseUrl());
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Side> order = new ArrayList<>(settings.sides());
                if (round % 2 == 0) {
                    order = order.reversed();
                }
                for (Side side : order) {
                    List<RunMeasure> passes = side == Side.OURS
                            ? ours(round, card, tokens, stub, work, versions)
                            : promptfoo(round, card, stub, promptfooDir, config, work);
                    for (int i = 0; i < passes.size(); i++) {
                        measured.computeIfAbsent(PASSES.get(i), k -> new EnumMap<>(Side.class))
                                .computeIfAbsent(side, k -> new ArrayList<>()).add(passes.get(i));
                        progress.println(progressLine(round, PASSES.get(i), side, passes.get(i)));
                    }
                }
            }
            keepWork = measured.values().stream().flatMap(bySide -> bySide.values().stream())
                    .flatMap(List::stream).anyMatch(m -> !Check.allPassed(m.checks));
        } finally {
            if (keepWork) {
                progress.println("kept the logs, promptfoo's config and our server's data in " + work);
            } else {
                deleteRecursively(work);
            }
        }
        return report(date, (System.nanoTime() - started) / 1e9, machine, versions, card, measured);
    }

    /** A fresh server of ours: the card written by a connected client, then run three times through the API. */
    private List<RunMeasure> ours(int round, BenchCard card, Tokens tokens, OpenAiStub stub, Path work,
            Map<String, String> versions) throws IOException {
        String name = "ours-" + round;
        Path dataDir = work.resolve("data");
        try (OurServer server = OurServer.start(settings.oursLaunch(), stub.baseUrl(), dataDir, work, name,
                tokens.secret())) {
            versions.putIfAbsent("ours", server.describe(settings.oursLaunch(), dataDir));
            String cardName = "runner-" + round;
            String token = tokens.editor(WORKSPACE, 86_400);
            try (CardWatcher watcher = CardWatcher.connect(server.cardUri(WORKSPACE, cardName, token))) {
                watcher.write(card.content());
                RunsApi api = new RunsApi(server.api(), WORKSPACE, cardName, token);
                List<RunMeasure> passes = new ArrayList<>();
                for (String pass : PASSES) {
                    passes.add(OurRun.run(f("ours, round %d, %s run", round, pass), server, api, watcher, card, stub));
                }
                return passes;
            } catch (IOException | RuntimeException e) {
                throw new IOException(e.getMessage() + "\nour server's log (" + server.log + "):\n"
                        + PromptfooEval.tail(server.log), e);
            }
        }
    }

    /** promptfoo's CLI, three times, on the generated configuration. */
    private List<RunMeasure> promptfoo(int round, BenchCard card, OpenAiStub stub, Path promptfooDir, Path config,
            Path work) throws IOException {
        List<RunMeasure> passes = new ArrayList<>();
        for (String pass : PASSES) {
            int requestsBefore = stub.requestCount();
            PromptfooEval.Result r = PromptfooEval.run(promptfooDir, config, work, "promptfoo-" + round + "-" + pass,
                    CONCURRENCY);
            int requests = stub.requestCount() - requestsBefore;
            RunMeasure m = RunMeasure.of(card.tests(), r.wallSeconds(), r.cpuSeconds(), r.cpuSeconds(),
                    r.peakRssBytes(), r.outcomes());
            m.put(RunFigure.REQUESTS, requests);
            m.checks.add(OurRun.outcomeCheck(f("promptfoo, round %d, %s eval", round, pass), card, r.outcomes(),
                    (int) (r.outcomes().passed() + r.outcomes().failed() + r.outcomes().errors()), requests,
                    "promptfoo eval (" + r.log().getFileName() + ")"));
            passes.add(m);
        }
        return passes;
    }

    private RunnerReport report(Instant date, double elapsed, Machine machine, Map<String, String> versions,
            BenchCard card, Map<String, Map<Side, List<RunMeasure>>> measured) {
        List<RunnerReport.Section> sections = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        for (String pass : PASSES) {
            Map<Side, List<RunMeasure>> bySide = measured.getOrDefault(pass, Map.of());
            List<RunMeasure> ours = bySide.getOrDefault(Side.OURS, List.of());
            List<RunMeasure> promptfoo = bySide.getOrDefault(Side.PROMPTFOO, List.of());
            Set<RunFigure> figures = new LinkedHashSet<>();
            Stream.concat(ours.stream(), promptfoo.stream()).forEach(m -> figures.addAll(m.figures.keySet()));
            List<ScenarioResult> results = new ArrayList<>();
            for (RunFigure figure : figures) {
                results.add(new ScenarioResult(figure, values(ours, figure), values(promptfoo, figure)));
            }
            String title = switch (pass) {
                case "first" -> f("first run: ours on a fresh server (cold JVM), promptfoo eval; %d tests, %d at once",
                        card.tests(), CONCURRENCY);
                case "second" -> f("second run: ours again on the same server (still compiling), promptfoo eval again;"
                        + " %d tests, %d at once", card.tests(), CONCURRENCY);
                default -> f("%s run: ours again on the same server (warm JVM), promptfoo eval again;"
                        + " %d tests, %d at once", pass, card.tests(), CONCURRENCY);
            };
            sections.add(new RunnerReport.Section(pass, title, results));
            Stream.concat(ours.stream(), promptfoo.stream()).forEach(m -> checks.addAll(m.checks));
        }
        checks.addAll(sameTokens(measured));
        return new RunnerReport(date, elapsed, machine, BenchCommand.projectVersion(), versions, settings.describe(),
                sections, checks);
    }

    /** Both sides sent the same prompts and got the same answers: the stub's token counts agree. */
    private static List<Check> sameTokens(Map<String, Map<Side, List<RunMeasure>>> measured) {
        List<Double> in = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        measured.values().forEach(bySide -> bySide.values().forEach(runs -> runs.forEach(m -> {
            in.add(m.get(RunFigure.TOKENS_IN));
            out.add(m.get(RunFigure.TOKENS_OUT));
        })));
        if (in.size() < 2) {
            return List.of();
        }
        boolean same = in.stream().distinct().count() == 1 && out.stream().distinct().count() == 1;
        return List.of(new Check("every run sent the same prompts and got the same answers (the stub's token usage)",
                same, f("tokens in %s, out %s", distinct(in), distinct(out))));
    }

    private static String distinct(List<Double> values) {
        return values.stream().distinct().map(v -> Unit.COUNT.format(v)).toList().toString();
    }

    private static List<Double> values(List<RunMeasure> runs, RunFigure figure) {
        return runs.stream().map(m -> m.get(figure)).filter(v -> !Double.isNaN(v)).toList();
    }

    private static String progressLine(int round, String pass, Side side, RunMeasure m) {
        return f("round %d, %s run, %s: wall %s, CPU %s (%s per test), peak RSS %s; %s passed, %s failed, %s errors",
                round, pass, side.name,
                Unit.MILLIS.format(m.get(RunFigure.WALL)), Unit.MILLIS.format(m.get(RunFigure.CPU)),
                Unit.MILLIS.format(m.get(RunFigure.CPU_PER_TEST)), Unit.BYTES.format(m.get(RunFigure.PEAK_RSS)),
                Unit.COUNT.format(m.get(RunFigure.PASSED)), Unit.COUNT.format(m.get(RunFigure.FAILED)),
                Unit.COUNT.format(m.get(RunFigure.ERRORS)));
    }

    private static String nodeVersion() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            node.waitFor();
            return version.startsWith("v") ? version.substring(1) : version;
        } catch (IOException e) {
            return "(unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(unknown)";
        }
    }

    private static String f(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file PostgreSQL still held: the temporary directory keeps it
                }
            });
        } catch (IOException e) {
            // nothing to delete
        }
    }
}
