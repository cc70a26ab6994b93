package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.BenchCommand;
import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import dev.promptcards.loadtests.report.Unit;
import java.io.IOException;
import java.io.PrintStream;
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
 * Runs the server benchmark: each scenario against a fresh process of our server, then of the
 * reference (the other way round in every other round), with one load generator in this JVM, and
 * gathers each figure of both into a {@link ServerReport}.
 */
final class ServerBenchmark {

    /** The scenarios, in the order they run. */
    static final List<String> SCENARIOS = List.of("steady", "cross-node", "fanout", "join", "idle", "awareness", "churn");

    /** The steady load with p99 under this and nothing lost is "held". */
    static final double HELD_P99_MILLIS = 50;

    /**
     * What to run (see {@link ServerBenchCommand} for each option).
     *
     * @param oursLaunch how to start our server's JVM: its options, then {@code -jar JAR} or {@code -cp CP MAIN}
     * @param pinning the CPUs of the generator and of the servers
     */
    record Settings(
            Set<String> scenarios,
            List<Side> sides,
            int rounds,
            int generatorThreads,
            double warmupSeconds,
            List<Integer> loads,
            int crossNodeRooms,
            int clientsPerRoom,
            double rate,
            double steadySeconds,
            List<Integer> fanout,
            double fanoutRate,
            double scenarioSeconds,
            int joins,
            int joinEdits,
            int idleConnections,
            int idleRooms,
            int awarenessRooms,
            int awarenessClients,
            double awarenessRate,
            int churnLoops,
            int churnRooms,
            List<String> oursLaunch,
            CpuPinning pinning) {

        Settings {
            scenarios = new LinkedHashSet<>(scenarios);
            for (String s : scenarios) {
                if (!SCENARIOS.contains(s)) {
                    throw new IllegalArgumentException("unknown scenario '" + s + "' (known: " + String.join(", ", SCENARIOS) + ")");
                }
            }
            if (sides.isEmpty() || rounds < 1 || generatorThreads < 1 || warmupSeconds < 0 || loads.isEmpty() || crossNodeRooms < 1
                    || loads.stream().anyMatch(l -> l < 1) || clientsPerRoom < 2 || rate <= 0 || steadySeconds <= 0
                    || fanout.stream().anyMatch(n -> n < 2) || fanoutRate <= 0 || scenarioSeconds <= 0 || joins < 1
                    || joinEdits < 0 || idleConnections < 1 || idleRooms < 1 || awarenessRooms < 1 || awarenessClients < 2
                    || awarenessRate <= 0 || churnLoops < 1 || churnRooms < 1) {
                throw new IllegalArgumentException("need at least one server, --rounds, --generator-threads, --joins,"
                        + " loads, rooms, loops and connections >= 1, clients per room >= 2, positive rates and durations");
            }
            sides = List.copyOf(sides);
            loads = List.copyOf(loads);
            fanout = List.copyOf(fanout);
            oursLaunch = List.copyOf(oursLaunch);
        }

        /** The settings as the reports write them. */
        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("scenarios", List.copyOf(scenarios));
            d.put("servers", sides.stream().map(s -> s.key).toList());
            d.put("rounds", rounds);
            d.put("generatorThreads", generatorThreads);
            d.put("warmupSeconds", warmupSeconds);
            d.put("steadyRooms", loads);
            d.put("crossNodeRooms", crossNodeRooms);
            d.put("clientsPerRoom", clientsPerRoom);
            d.put("updatesPerSecondPerClient", rate);
            d.put("steadySeconds", steadySeconds);
            d.put("fanoutClients", fanout);
            d.put("fanoutUpdatesPerSecond", fanoutRate);
            d.put("scenarioSeconds", scenarioSeconds);
            d.put("joins", joins);
            d.put("joinEdits", joinEdits == 0 ? "all" : joinEdits);
            d.put("idleConnections", idleConnections);
            d.put("idleRooms", idleRooms);
            d.put("awarenessRooms", awarenessRooms);
            d.put("awarenessClients", awarenessClients);
            d.put("awarenessStatesPerSecondPerClient", awarenessRate);
            d.put("churnLoops", churnLoops);
            d.put("churnRooms", churnRooms);
            d.put("pinning", pinning.why());
            return d;
        }
    }

    /** One scenario at one size, run on each server. */
    private interface Runner {
        Measured run(Context ctx, BenchServer server, String name) throws IOException, InterruptedException;
    }

    /** A scenario run on several nodes of one side that share a Redis. */
    private interface ClusterRunner {
        Measured run(Context ctx, CrossNode.Cluster cluster, String name) throws IOException, InterruptedException;
    }

    /** One of runner (on a server) and clusterRunner (on a cluster) is set; load for the steady loads only. */
    private record Step(String key, String title, Runner runner, ClusterRunner clusterRunner, Traffic.Load load) {
        Step(String key, String title, Runner runner, Traffic.Load load) {
            this(key, title, runner, null, load);
        }
    }

    private final BenchFiles files;
    private final Settings settings;
    private final PrintStream progress;
    /** Set when a run failed or a server died: the work directory, with the logs, is kept. */
    private boolean keepWork;

    ServerBenchmark(BenchFiles files, Settings settings, PrintStream progress) {
        this.files = files;
        this.settings = settings;
        this.progress = progress;
    }

    ServerReport run() throws IOException, InterruptedException {
        Instant date = Instant.now();
        long started = System.nanoTime();
        Machine machine = Machine.current();
        if (!ProcFs.available()) {
            throw new IOException("the server benchmark reads CPU and memory from /proc: it runs on Linux only");
        }
        if (settings.sides().contains(Side.REFERENCE)) {
            files.installNodeModules("run the server benchmark (the reference server runs in Node.js)");
        }
        if (settings.scenarios().contains("cross-node")) {
            RedisServer.binary(); // fails now, with how to install it, rather than after the other scenarios
        }
        int jar = settings.oursLaunch().indexOf("-jar");
        if (settings.sides().contains(Side.OURS) && jar >= 0
                && !Files.isRegularFile(Path.of(settings.oursLaunch().get(jar + 1)))) {
            throw new IOException(settings.oursLaunch().get(jar + 1) + " is missing: build it first (mvn -DskipTests install,"
                    + " or ./promptcards serve --help builds it)");
        }
        Join.Card card = null;
        if (settings.scenarios().contains("join")) {
            progress.println("building the B4 card (the trace replayed by our crdt module) ...");
            card = Join.Card.build(files.trace(), settings.joinEdits());
        }
        List<Step> steps = steps(card);
        settings.pinning().pinGenerator();
        progress.println(settings.pinning().why());
        Tokens tokens = Tokens.random();
        Path work = Files.createTempDirectory("promptcards-bench-server-");
        Path dataDir = work.resolve("data");
        Map<String, Map<Side, List<Measured>>> measured = new LinkedHashMap<>();
        Map<Side, Map<String, String>> versions = new EnumMap<>(Side.class);
        keepWork = false;
        try (LoadGenerator generator = new LoadGenerator(settings.generatorThreads())) {
            Context ctx = new Context(generator, tokens.editor(BenchServer.WORKSPACE, 86_400));
            for (int round = 1; round <= settings.rounds(); round++) {
                List<Side> order = new ArrayList<>(settings.sides());
                if (round % 2 == 0) {
                    order = order.reversed();
                }
                for (Step step : steps) {
                    for (Side side : order) {
                        String name = step.key() + "-" + side.key + "-" + round;
                        Measured m = step.clusterRunner() != null
                                ? onCluster(ctx, step, side, name, work, tokens, versions)
                                : onServer(ctx, step, side, name, work, dataDir, tokens, versions);
                        measured.computeIfAbsent(step.key(), k -> new EnumMap<>(Side.class))
                                .computeIfAbsent(side, k -> new ArrayList<>()).add(m);
                        progress.println(progressLine(round, step, side, m)
                                .replace(side.name, step.clusterRunner() != null && side == Side.REFERENCE ? "hocuspocus" : side.name));
                    }
                }
            }
        } finally {
            if (!keepWork) {
                deleteRecursively(work);
            } else {
                progress.println("kept the servers' logs and data in " + work);
            }
        }
        return report(date, (System.nanoTime() - started) / 1e9, machine, versions, steps, measured);
    }

    /** Runs a step on a fresh process of the side's server. */
    private Measured onServer(Context ctx, Step step, Side side, String name, Path work, Path dataDir, Tokens tokens,
            Map<Side, Map<String, String>> versions) throws IOException, InterruptedException {
        BenchServer server = side == Side.OURS
                ? OursServer.start(settings.oursLaunch(), dataDir, work, name, tokens, settings.pinning())
                : ReferenceServer.start(files.jsDir(), work, name, settings.pinning());
        Map<String, String> v = versions.computeIfAbsent(side, k -> new LinkedHashMap<>());
        server.versions().forEach(v::putIfAbsent);
        try {
            return step.runner().run(ctx, server, name);
        } catch (IOException | RuntimeException e) {
            keepWork = true;
            throw new IOException(step.title() + " on " + side.name + " failed: " + e.getMessage()
                    + "\nthe server's log (" + server.log + "):\n" + server.logTail(), e);
        } finally {
            if (!server.alive()) {
                keepWork = true;
                progress.println(side.name + " had exited during " + step.title() + "; its log: " + server.log);
            }
            server.stop(60);
        }
    }

    /**
     * Runs a step on fresh nodes of the side and a fresh Redis; what ran goes into the side's versions
     * as {@code crossNode} (the reference's nodes are not the single-node reference).
     */
    private Measured onCluster(Context ctx, Step step, Side side, String name, Path work, Tokens tokens,
            Map<Side, Map<String, String>> versions) throws IOException, InterruptedException {
        CrossNode.Cluster cluster = CrossNode.Cluster.start(side, files, settings.oursLaunch(), work, name, tokens,
                settings.pinning());
        Map<String, String> v = versions.computeIfAbsent(side, k -> new LinkedHashMap<>());
        Map<String, String> nodeVersions = cluster.versions();
        if (side == Side.OURS) {
            cluster.nodes.getFirst().versions().forEach(v::putIfAbsent);
        }
        v.putIfAbsent("crossNode", nodeVersions.get("server") + " on " + (side == Side.OURS ? "the JVM" : "Node "
                + nodeVersions.get("node")) + ", " + CrossNode.NODES + " nodes, " + nodeVersions.get("redis")
                + (side == Side.OURS ? ", one PostgreSQL (node 1's embedded)" : ", no persistence"));
        try {
            return step.clusterRunner().run(ctx, cluster, name);
        } catch (IOException | RuntimeException e) {
            keepWork = true;
            throw new IOException(step.title() + " on " + side.name + " failed: " + e.getMessage()
                    + "\nthe logs:\n" + cluster.logTails(), e);
        } finally {
            if (!cluster.alive()) {
                keepWork = true;
                progress.println("a node or Redis of " + side.name + " had exited during " + step.title()
                        + ":\n" + cluster.logTails());
            }
            cluster.close();
        }
    }

    private List<Step> steps(Join.Card card) {
        Settings s = settings;
        List<Step> steps = new ArrayList<>();
        if (s.scenarios().contains("steady")) {
            for (int rooms : s.loads().stream().sorted().distinct().toList()) {
                Traffic.Load load = new Traffic.Load(rooms, s.clientsPerRoom(), s.rate(), Traffic.Kind.UPDATES);
                steps.add(new Step("steady-" + rooms + "rooms",
                        f("steady state: %,d rooms x %d clients x %s updates/s (%,.0f updates/s)", rooms, s.clientsPerRoom(),
                                number(s.rate()), load.messagesPerSecond()),
                        (ctx, server, name) -> Traffic.run(ctx, server, load, name, s.warmupSeconds(), s.steadySeconds()),
                        load));
            }
        }
        if (s.scenarios().contains("cross-node")) {
            Traffic.Load load = new Traffic.Load(s.crossNodeRooms(), s.clientsPerRoom(), s.rate(), Traffic.Kind.UPDATES);
            steps.add(new Step("cross-node-" + s.crossNodeRooms() + "rooms",
                    f("cross-node: %,d rooms x %d clients x %s updates/s (%,.0f updates/s), each room's clients"
                                    + " alternating over %d nodes that share one Redis", s.crossNodeRooms(), s.clientsPerRoom(),
                            number(s.rate()), load.messagesPerSecond(), CrossNode.NODES),
                    null,
                    (ctx, cluster, name) -> Traffic.run(ctx, cluster.nodes, cluster.redis, load, name, s.warmupSeconds(),
                            s.steadySeconds()),
                    null));
        }
        if (s.scenarios().contains("fanout")) {
            for (int clients : s.fanout()) {
                Traffic.Load load = new Traffic.Load(1, clients, s.fanoutRate() / clients, Traffic.Kind.UPDATES);
                steps.add(new Step("fanout-" + clients + "clients",
                        f("fan-out: one room, %,d clients, %s updates/s in all (each to %,d others)", clients,
                                number(s.fanoutRate()), clients - 1),
                        (ctx, server, name) -> Traffic.run(ctx, server, load, name, s.warmupSeconds(), s.scenarioSeconds()),
                        null));
            }
        }
        if (s.scenarios().contains("join")) {
            steps.add(new Step("join-b4",
                    f("join: a card holding the B4 final state (%,d edits, %,d chars, %,d bytes); %d clients join one after the other",
                            card.edits(), card.text().length(), card.state().length, s.joins()),
                    (ctx, server, name) -> Join.run(ctx, server, card, name, s.joins()), null));
        }
        if (s.scenarios().contains("idle")) {
            steps.add(new Step("idle",
                    f("idle connections: %,d in %,d rooms", s.idleConnections(), s.idleRooms()),
                    (ctx, server, name) -> Idle.run(ctx, server, name, s.idleRooms(), s.idleConnections()), null));
        }
        if (s.scenarios().contains("awareness")) {
            Traffic.Load load = new Traffic.Load(s.awarenessRooms(), s.awarenessClients(), s.awarenessRate(), Traffic.Kind.AWARENESS);
            steps.add(new Step("awareness",
                    f("awareness storm: %,d rooms x %d clients x %s states/s (%,.0f states/s, each to %d others)",
                            s.awarenessRooms(), s.awarenessClients(), number(s.awarenessRate()), load.messagesPerSecond(),
                            s.awarenessClients() - 1),
                    (ctx, server, name) -> Traffic.run(ctx, server, load, name, s.warmupSeconds(), s.scenarioSeconds()),
                    null));
        }
        if (s.scenarios().contains("churn")) {
            steps.add(new Step("churn",
                    f("connection churn: %d loops of connect, sync, close over %d rooms", s.churnLoops(), s.churnRooms()),
                    (ctx, server, name) -> Churn.run(ctx, server, name, s.churnRooms(), s.churnLoops(),
                            s.warmupSeconds(), s.scenarioSeconds()), null));
        }
        return steps;
    }

    private ServerReport report(Instant date, double elapsed, Machine machine, Map<Side, Map<String, String>> versions,
            List<Step> steps, Map<String, Map<Side, List<Measured>>> measured) {
        List<ServerReport.Section> sections = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        String lowestSteady = steps.stream().filter(st -> st.load() != null).map(Step::key).findFirst().orElse(null);
        for (Step step : steps) {
            Map<Side, List<Measured>> bySide = measured.getOrDefault(step.key(), Map.of());
            List<Measured> ours = bySide.getOrDefault(Side.OURS, List.of());
            List<Measured> reference = bySide.getOrDefault(Side.REFERENCE, List.of());
            Set<Figure> figures = new LinkedHashSet<>();
            Stream.concat(ours.stream(), reference.stream()).forEach(m -> figures.addAll(m.figures.keySet()));
            List<ScenarioResult> results = new ArrayList<>();
            for (Figure figure : figures) {
                results.add(new ScenarioResult(figure, values(ours, figure), values(reference, figure)));
            }
            Map<Side, List<String>> flags = new EnumMap<>(Side.class);
            bySide.forEach((side, runs) -> flags.put(side, runs.stream().flatMap(m -> m.flags.stream()).distinct().toList()));
            sections.add(new ServerReport.Section(step.key(), step.title(), results, flags));
            // what must hold for the run to pass: the join's card and the lowest steady load delivered in full
            // by both servers, the cross-node load by ours (the reference's cross-node relay may lose what Redis
            // pub/sub loses, Hocuspocus #800: that is a figure of its column); elsewhere a loss is a figure
            boolean required = step.key().equals(lowestSteady) || step.key().equals("join-b4");
            if (required) {
                Stream.concat(ours.stream(), reference.stream()).forEach(m -> checks.addAll(m.checks));
            } else if (step.clusterRunner() != null) {
                ours.forEach(m -> checks.addAll(m.checks));
            }
        }
        ServerReport.Section held = held(steps, measured);
        if (held != null) {
            sections.add(held);
        }
        return new ServerReport(date, elapsed, machine, BenchCommand.projectVersion(), versions,
                settings.describe(), sections, checks);
    }

    /**
     * The highest steady load (updates per second) each server held with p99 under 50 ms, nothing
     * lost and no connection error, in each round; 0 when it held none.
     */
    private ServerReport.Section held(List<Step> steps, Map<String, Map<Side, List<Measured>>> measured) {
        List<Step> loads = steps.stream().filter(s -> s.load() != null)
                .sorted(Comparator.comparingDouble(s -> s.load().messagesPerSecond())).toList();
        if (loads.isEmpty()) {
            return null;
        }
        Figure figure = Figure.higher("updatesPerSecond", "highest load held", Unit.PER_SECOND);
        Map<Side, List<Double>> values = new EnumMap<>(Side.class);
        Map<Side, List<String>> flags = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            List<Double> perRound = new ArrayList<>();
            for (int round = 0; round < settings.rounds(); round++) {
                double best = 0;
                boolean all = true;
                boolean any = false;
                for (Step step : loads) {
                    List<Measured> runs = measured.getOrDefault(step.key(), Map.of()).getOrDefault(side, List.of());
                    if (runs.size() <= round) {
                        continue;
                    }
                    any = true;
                    Measured m = runs.get(round);
                    boolean ok = m.get(Traffic.P99) < HELD_P99_MILLIS && m.get(Traffic.LOST) == 0 && m.get(Traffic.ERRORS) == 0;
                    if (ok) {
                        best = step.load().messagesPerSecond();
                    } else {
                        all = false;
                    }
                }
                if (any) {
                    perRound.add(best);
                    if (all) {
                        flags.computeIfAbsent(side, k -> new ArrayList<>()).add(
                                "held every load tried: its limit is higher (raise --loads to find it)");
                    }
                }
            }
            values.put(side, perRound);
        }
        flags.replaceAll((k, v) -> v.stream().distinct().toList());
        return new ServerReport.Section("held",
                f("highest steady load held (p99 < %.0f ms, nothing lost, no connection error) of %s rooms x %d clients x %s updates/s",
                        HELD_P99_MILLIS,
                        loads.stream().map(s -> String.valueOf(s.load().rooms())).reduce((a, b) -> a + ", " + b).orElse(""),
                        settings.clientsPerRoom(), number(settings.rate())),
                List.of(new ScenarioResult(figure, values.getOrDefault(Side.OURS, List.of()),
                        values.getOrDefault(Side.REFERENCE, List.of()))),
                flags);
    }

    private static List<Double> values(List<Measured> runs, Figure figure) {
        return runs.stream().map(m -> m.get(figure)).filter(v -> !Double.isNaN(v)).toList();
    }

    private static String progressLine(int round, Step step, Side side, Measured m) {
        StringBuilder line = new StringBuilder(f("round %d, %s, %s:", round, step.key(), side.name));
        int shown = 0;
        for (Map.Entry<Figure, Double> e : m.figures.entrySet()) {
            if (Double.isNaN(e.getValue()) || shown >= 6) {
                continue;
            }
            line.append(' ').append(e.getKey().key()).append(' ').append(e.getKey().unit().format(e.getValue())).append(',');
            shown++;
        }
        line.setLength(line.length() - 1);
        for (String flag : m.flags) {
            line.append(" [").append(flag).append(']');
        }
        return line.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
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
