package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Unit;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rooms × clients, each client sending at a steady rate for a warm-up and a measured window: typed
 * characters (steady state, fan-out) or awareness states (awareness storm). Every message sent in
 * the window must reach every other client of its room (and, for updates, come back to its sender:
 * both servers echo); the latency of each receipt is recorded, what has not arrived 5 s after the
 * window is lost.
 */
final class Traffic {

    /** What the clients send. */
    enum Kind {
        UPDATES,
        AWARENESS
    }

    /**
     * The load.
     *
     * @param rooms cards
     * @param clients clients per card
     * @param rate messages per second per client (below 1 for fan-out: a few senders at a time)
     * @param kind what they send
     */
    record Load(int rooms, int clients, double rate, Kind kind) {
        double messagesPerSecond() {
            return rooms * clients * rate;
        }
    }

    static final Figure SENT = Figure.higher("sent", "messages sent in the window", Unit.PER_SECOND);
    static final Figure DELIVERED = Figure.higher("delivered", "deliveries to other clients", Unit.PER_SECOND);
    static final Figure P50 = Figure.lower("p50", "latency p50", Unit.MILLIS);
    static final Figure P95 = Figure.lower("p95", "latency p95", Unit.MILLIS);
    static final Figure P99 = Figure.lower("p99", "latency p99", Unit.MILLIS);
    static final Figure MAX = Figure.lower("max", "latency max", Unit.MILLIS);
    static final Figure ECHO_P50 = Figure.lower("echoP50", "echo to the sender p50", Unit.MILLIS);
    static final Figure ECHO_P99 = Figure.lower("echoP99", "echo to the sender p99", Unit.MILLIS);
    static final Figure LOST = Figure.lower("lost", "lost (not delivered within 5 s)", Unit.COUNT);
    static final Figure ERRORS = Figure.lower("errors", "connection errors", Unit.COUNT);
    static final Figure CPU = Figure.lower("cpuPerMessage", "server CPU per message", Unit.MICROS);
    static final Figure CPU_WITH_DB = Figure.lower("cpuPerMessageWithDatabase", "server CPU per message incl. database", Unit.MICROS);
    static final Figure RSS = Figure.lower("rss", "server resident memory", Unit.BYTES);
    static final Figure DB_MEMORY = Figure.lower("databaseMemory", "database memory (PostgreSQL Pss)", Unit.BYTES);
    static final Figure GENERATOR = Figure.info("generatorCores", "load generator CPU (cores)", Unit.CORES);

    /** A message not delivered this long after the window is counted lost. */
    static final double DRAIN_SECONDS = 5;

    private Traffic() {}

    /**
     * Runs the load against a fresh server.
     *
     * @param card the cards' name prefix (unique in the run)
     */
    static Measured run(Context ctx, BenchServer server, Load load, String card, double warmupSeconds,
            double windowSeconds) throws InterruptedException {
        return run(ctx, List.of(server), null, load, card, warmupSeconds, windowSeconds);
    }

    /**
     * Runs the load against fresh nodes that serve the same cards together through {@code redis}: the
     * clients of each room spread over them in turn (client c of a room on node c mod nodes), and each
     * receipt counted same-node or cross-node besides (see {@link CrossNode}).
     *
     * @param redis the Redis the nodes share; null with one node
     */
    static Measured run(Context ctx, List<BenchServer> nodes, RedisServer redis, Load load, String card,
            double warmupSeconds, double windowSeconds) throws InterruptedException {
        BenchServer server = nodes.getFirst();
        boolean crossNode = nodes.size() > 1;
        Map<Long, BenchClient> byId = new ConcurrentHashMap<>();
        Latencies others = new Latencies();
        Latencies echoes = new Latencies();
        Latencies sameNode = new Latencies();
        Latencies otherNode = new Latencies();
        AtomicLong unexpectedCloses = new AtomicLong();
        Map<Integer, Integer> closeCodes = new ConcurrentHashMap<>();
        Window window = new Window();
        boolean updates = load.kind() == Kind.UPDATES;

        BenchClient.Events events = new BenchClient.Events() {
            @Override
            public void update(BenchClient receiver, long client, long clock, long nanos) {
                if (updates) {
                    received(receiver, byId.get(client), clock, nanos, false);
                }
            }

            @Override
            public void awareness(BenchClient receiver, long client, long clock, long nanos) {
                if (!updates) {
                    received(receiver, byId.get(client), clock, nanos, true);
                }
            }

            private void received(BenchClient receiver, BenchClient sender, long clock, long nanos, boolean awareness) {
                if (sender == null) {
                    return;
                }
                long sent = awareness ? sender.awarenessSentAt(clock) : sender.sentAt(clock);
                if (sent == 0 || !window.contains(sent)) {
                    return;
                }
                if (receiver == sender) {
                    if (!awareness) {
                        echoes.record(nanos - sent);
                    }
                } else {
                    others.record(nanos - sent);
                    if (crossNode) {
                        (receiver.node == sender.node ? sameNode : otherNode).record(nanos - sent);
                    }
                }
            }

            @Override
            public void closed(BenchClient client, int code, String reason) {
                if (!window.stopping) {
                    unexpectedCloses.incrementAndGet();
                    closeCodes.merge(code, 1, Integer::sum);
                }
            }
        };

        int capacity = (int) Math.ceil(load.rate() * (warmupSeconds + windowSeconds + 10)) + 16;
        List<BenchClient> clients = new ArrayList<>();
        for (int r = 0; r < load.rooms(); r++) {
            for (int c = 0; c < load.clients(); c++) {
                BenchClient client = ctx.generator().client(card + "-" + r, events, capacity, c % nodes.size());
                if (crossNode) {
                    client.countEachUpdateOnce(); // a node that relays diffs may repeat what a client already has
                }
                byId.put(client.clientId, client);
                clients.add(client);
            }
        }
        int failed = ctx.generator().connectAll(nodes, clients, ctx.token(), 64, 60);

        // every client sends on its own event loop at its rate, from a random phase
        AtomicIntegerArray measuredSends = new AtomicIntegerArray(clients.size());
        List<ScheduledFuture<?>> senders = new ArrayList<>();
        long period = (long) (1e9 / load.rate());
        for (int i = 0; i < clients.size(); i++) {
            BenchClient client = clients.get(i);
            if (!client.open()) {
                continue;
            }
            int index = i;
            Runnable send = () -> {
                if (client.open()) {
                    long sent = updates ? client.type() : client.moveCursor();
                    if (window.contains(sent)) {
                        measuredSends.incrementAndGet(index);
                    }
                }
            };
            senders.add(client.channel.eventLoop().scheduleAtFixedRate(
                    send, ThreadLocalRandom.current().nextLong(period), period, TimeUnit.NANOSECONDS));
        }

        Context.sleep(warmupSeconds);
        CpuMeter cpu = CpuMeter.start(nodes, redis, ctx.generator());
        window.start();
        Context.sleep(windowSeconds);
        window.end();
        CpuMeter.Use use = cpu.stop();
        double[] rss = nodes.stream().mapToDouble(BenchServer::rssBytes).toArray();
        double dbMemory = nodes.stream().mapToDouble(BenchServer::databaseMemoryBytes).filter(b -> !Double.isNaN(b))
                .reduce(Double::sum).orElse(Double.NaN);
        senders.forEach(f -> f.cancel(false));

        // what each message sent in the window should reach: the others in its room, and its sender
        Map<String, Integer> roomSizes = new HashMap<>();
        for (BenchClient c : clients) {
            if (c.open()) {
                roomSizes.merge(c.card, 1, Integer::sum);
            }
        }
        long sent = 0;
        long expectedOthers = 0;
        for (int i = 0; i < clients.size(); i++) {
            int n = measuredSends.get(i);
            sent += n;
            expectedOthers += (long) n * Math.max(0, roomSizes.getOrDefault(clients.get(i).card, 1) - 1);
        }
        long expectedEchoes = updates ? sent : 0;
        long deadline = System.nanoTime() + (long) (DRAIN_SECONDS * 1e9);
        while (System.nanoTime() < deadline
                && (others.count() < expectedOthers || echoes.count() < expectedEchoes)) {
            Thread.sleep(20);
        }
        window.stopping = true;
        LoadGenerator.closeAll(clients, 20);

        Latencies.Summary o = others.summary();
        Latencies.Summary e = echoes.summary();
        long lost = Math.max(0, expectedOthers - o.count()) + Math.max(0, expectedEchoes - e.count());
        long errors = failed + unexpectedCloses.get();
        double seconds = use.seconds();
        Measured m = new Measured();
        m.put(SENT, sent / seconds);
        m.put(DELIVERED, o.count() / seconds);
        m.put(P50, o.p50()).put(P95, o.p95()).put(P99, o.p99()).put(MAX, o.max());
        if (crossNode) {
            CrossNode.putLatencies(m, sameNode.summary(), otherNode.summary());
        }
        if (updates) {
            m.put(ECHO_P50, e.p50()).put(ECHO_P99, e.p99());
        }
        m.put(LOST, lost);
        m.put(ERRORS, errors);
        m.put(CPU, sent == 0 ? Double.NaN : use.server() * seconds / sent * 1e6);
        if (server.side() == Side.OURS) {
            m.put(CPU_WITH_DB, sent == 0 ? Double.NaN : (use.server() + use.database()) * seconds / sent * 1e6);
        } else {
            m.put(CPU_WITH_DB, m.get(CPU)); // no database: the same
        }
        if (crossNode) {
            CrossNode.putResources(m, use, rss, sent);
        } else {
            m.put(RSS, rss[0]);
        }
        m.put(DB_MEMORY, dbMemory);
        m.put(GENERATOR, use.generator());
        m.flagCpu(use);
        if (failed > 0) {
            m.flags.add(failed + " of " + clients.size() + " clients did not connect and sync within 60 s");
        }
        if (unexpectedCloses.get() > 0) {
            m.flags.add(unexpectedCloses.get() + " connections closed by the server (close codes " + closeCodes + ")");
        }
        String who = server.side().key + (crossNode ? ", cross-node" : "");
        m.checks.add(new Check(who + ": every client connected and synced",
                failed == 0, String.format(Locale.ROOT, "%,d clients, %,d failed", clients.size(), failed)));
        m.checks.add(new Check(who + ": every message delivered",
                lost == 0, String.format(Locale.ROOT, "%,d sent in the window, %,d of %,d deliveries and %,d of %,d echoes arrived",
                        sent, o.count(), expectedOthers, e.count(), expectedEchoes)));
        return m;
    }

    /** The measured window: messages sent in it are counted, and their receipts. */
    static final class Window {
        private volatile long start;
        private volatile long end;
        private volatile boolean started;
        private volatile boolean ended;
        volatile boolean stopping;

        void start() {
            start = System.nanoTime();
            started = true;
        }

        void end() {
            end = System.nanoTime();
            ended = true;
        }

        boolean contains(long nanos) {
            return started && nanos - start >= 0 && (!ended || end - nanos > 0);
        }
    }
}
