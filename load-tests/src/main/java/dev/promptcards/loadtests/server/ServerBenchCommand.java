package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.ReportOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench server}: our server against the Node reference server (@y/websocket-server 0.1.1
 * with Yjs 13.6.33) under the same load, one after the other, each scenario on a fresh process of
 * each. Prints a table (ours, the reference's, ours / reference per figure) and, with
 * {@code --json FILE}, writes the figures as JSON. Exits 0 when the checks held (the lowest steady
 * load delivered in full by both, a joining client got the B4 card's exact text from both), 1 when
 * not.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Benchmarks our server against the Node y-websocket server under the same load.",
            "",
            "Ours: server/target/promptcards-server.jar with its embedded PostgreSQL. The reference:"
                    + " @y/websocket-server 0.1.1 with Yjs 13.6.33. One generator speaking y-protocols drives"
                    + " both: steady state at several loads, the steady load over two nodes sharing one Redis"
                    + " (cross-node: ours against Hocuspocus 3.4.4 with its Redis extension; needs redis-server),"
                    + " fan-out to one room, a client joining the B4 card, idle connections' memory, an awareness"
                    + " storm and connection churn. Each scenario runs on a fresh process of each server."
                    + " Linux only (/proc). Each round takes 10 to 11 minutes on 2 cores (cross-node about"
                    + " 1.5 of them); the default 3 rounds about half an hour.",
            "",
            "Run it from the repository: ./promptcards bench server [--json FILE]."
        })
public final class ServerBenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON.")
    Path json;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            defaultValue = "steady,cross-node,fanout,join,idle,awareness,churn",
            description = "Scenarios to run (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--servers", split = ",", paramLabel = "SIDE", defaultValue = "ours,reference",
            description = "Servers to run: ours, reference (default: ${DEFAULT-VALUE}).")
    List<String> servers;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds; each runs every scenario on both servers, medians reported, a figure whose rounds"
                    + " spread more than 20% marked NOISY (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--pin", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Pin the load generator to one CPU and each server (with its database, Redis) to another"
                    + " with taskset, both sides alike; runs unpinned, saying so, without taskset or a second CPU"
                    + " (default: on; --no-pin to let the scheduler place them).")
    boolean pin;

    @Option(names = "--generator-threads", defaultValue = "2",
            description = "Event loop threads of the load generator (default: ${DEFAULT-VALUE}).")
    int generatorThreads;

    @Option(names = "--warmup", defaultValue = "8", paramLabel = "SECONDS",
            description = "Load before each measured window, not counted: both servers start fresh for each"
                    + " scenario, and a JVM compiles its hot code in the first seconds (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--rooms", split = ",", defaultValue = "10,25,50,100,150", paramLabel = "N",
            description = "Steady state: the loads, in rooms, each on fresh servers (default: ${DEFAULT-VALUE}:"
                    + " 400 to 6,000 updates/s with 4 clients at 10/s).")
    List<Integer> rooms;

    @Option(names = "--cross-node-rooms", defaultValue = "25", paramLabel = "N",
            description = "Cross-node: the load, in rooms (clients, rate and window as the steady state's), each"
                    + " room's clients alternating over 2 nodes (default: ${DEFAULT-VALUE}: 1,000 updates/s with 4 clients at 10/s; 50 saturates 2 cores).")
    int crossNodeRooms;

    @Option(names = "--clients", defaultValue = "4",
            description = "Steady state: clients per room (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rate", defaultValue = "10",
            description = "Steady state: updates (typed characters) per second per client (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
            description = "Steady state: the measured window of each load (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--fanout", split = ",", defaultValue = "100,500", paramLabel = "N",
            description = "Fan-out: clients in the one room, a run each (default: ${DEFAULT-VALUE}; add 2000 for the large one).")
    List<Integer> fanout;

    @Option(names = "--fanout-rate", defaultValue = "20",
            description = "Fan-out: updates per second in the room, all senders together (default: ${DEFAULT-VALUE}).")
    double fanoutRate;

    @Option(names = "--scenario-duration", defaultValue = "10", paramLabel = "SECONDS",
            description = "Fan-out, awareness storm, churn: the measured window (default: ${DEFAULT-VALUE}).")
    double scenarioDuration;

    @Option(names = "--joins", defaultValue = "20",
            description = "Join: clients joining the B4 card one after the other (default: ${DEFAULT-VALUE}).")
    int joins;

    @Option(names = "--join-edits", defaultValue = "0", paramLabel = "N",
            description = "Join: build the card from the first N edits of the B4 trace (default: all 259,778).")
    int joinEdits;

    @Option(names = "--idle-connections", defaultValue = "1000", paramLabel = "N",
            description = "Idle: connections opened to measure one's memory (default: ${DEFAULT-VALUE}).")
    int idleConnections;

    @Option(names = "--idle-rooms", defaultValue = "10", paramLabel = "N",
            description = "Idle: the rooms they are spread over (default: ${DEFAULT-VALUE}).")
    int idleRooms;

    @Option(names = "--awareness-rooms", defaultValue = "20", paramLabel = "N",
            description = "Awareness storm: rooms (default: ${DEFAULT-VALUE}).")
    int awarenessRooms;

    @Option(names = "--awareness-clients", defaultValue = "10", paramLabel = "N",
            description = "Awareness storm: clients per room (default: ${DEFAULT-VALUE}).")
    int awarenessClients;

    @Option(names = "--awareness-rate", defaultValue = "10",
            description = "Awareness storm: awareness states per second per client (default: ${DEFAULT-VALUE}).")
    double awarenessRate;

    @Option(names = "--churn-loops", defaultValue = "8", paramLabel = "N",
            description = "Churn: loops connecting, syncing and closing at once (default: ${DEFAULT-VALUE}).")
    int churnLoops;

    @Option(names = "--churn-rooms", defaultValue = "8", paramLabel = "N",
            description = "Churn: the rooms they connect to (default: ${DEFAULT-VALUE}).")
    int churnRooms;

    @Option(names = "--server-jar", paramLabel = "FILE",
            description = "Our server's jar (default: server/target/promptcards-server.jar in the repository).")
    Path serverJar;

    @Option(names = "--server-jvm-options", paramLabel = "OPTIONS",
            description = "Our server JVM's options, space-separated (default: those ./promptcards serve starts it"
                    + " with: server/jvm.options and -Xmx of --max-heap's default or $PROMPTCARDS_MAX_HEAP; \"\" for the"
                    + " JVM's own defaults, as before issue 17).")
    String serverJvmOptions;

    /** The tests start our server from their classpath, which holds the server module and its dependencies. */
    @Option(names = "--server-classpath", hidden = true, paramLabel = "CLASSPATH")
    String serverClasspath;

    static final String SERVER_MAIN = "dev.promptcards.server.cli.PromptcardsCommand";

    /** The JVM options ./promptcards serve starts our server with (its server_jvm_options). */
    static List<String> launcherJvmOptions(BenchFiles files) throws java.io.IOException {
        String out = BenchServer.run(List.of("bash", "-c", "source \"$0\" && server_jvm_options serve",
                files.root().resolve("promptcards").toString()), 30);
        return out.lines().map(String::trim).filter(l -> l.startsWith("-")).toList();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        BenchFiles files = BenchFiles.locate();
        List<String> launch = new ArrayList<>(serverJvmOptions != null
                ? List.of(serverJvmOptions.trim().split("\\s+")).stream().filter(o -> !o.isEmpty()).toList()
                : launcherJvmOptions(files));
        launch.addAll(serverClasspath != null
                ? List.of("-cp", serverClasspath, SERVER_MAIN)
                : List.of("-jar", (serverJar != null ? serverJar : files.serverJar()).toAbsolutePath().toString()));
        ServerBenchmark.Settings settings;
        try {
            List<Side> sides = new ArrayList<>();
            for (String s : servers) {
                sides.add(switch (s.trim()) {
                    case "ours" -> Side.OURS;
                    case "reference" -> Side.REFERENCE;
                    default -> throw new IllegalArgumentException("--servers: unknown server '" + s + "' (ours, reference)");
                });
            }
            settings = new ServerBenchmark.Settings(
                    scenarios.stream().map(String::trim).collect(Collectors.toCollection(LinkedHashSet::new)),
                    sides, rounds, generatorThreads, warmup, rooms, crossNodeRooms, clients, rate, duration, fanout, fanoutRate,
                    scenarioDuration, joins, joinEdits, idleConnections, idleRooms, awarenessRooms, awarenessClients,
                    awarenessRate, churnLoops, churnRooms, launch,
                    pin ? CpuPinning.detect() : CpuPinning.none("unpinned (--no-pin)"));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return spec.exitCodeOnInvalidInput();
        }
        ServerReport report = new ServerBenchmark(files, settings, System.err).run();
        ReportOutput.write(out, ServerReportTable.render(report), () -> ServerReportJson.render(report), json);
        return report.passed() ? 0 : 1;
    }
}
