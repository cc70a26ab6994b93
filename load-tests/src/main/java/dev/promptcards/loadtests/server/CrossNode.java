package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.BenchFiles;
import dev.promptcards.loadtests.report.Unit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cross-node scenario (issue 14): the steady load with each room's clients split over two nodes
 * that share one Redis (and, ours, one PostgreSQL). Every receipt is counted same-node (sender and
 * receiver on one node) or cross-node, both in the same run; the nodes' CPU and memory, their
 * database's and the Redis server's CPU are measured apart.
 *
 * <p>Ours: node 1 is {@code serve --data-dir D1 --redis-url R}, which starts the embedded PostgreSQL in
 * D1; node 2 is {@code serve --data-dir D2 --db-url (node 1's PostgreSQL) --redis-url R}. The reference:
 * two {@code hocuspocus-server.mjs} processes (Hocuspocus 3.4.4 with its Redis extension) on R, which
 * keep nothing. R is a fresh {@code redis-server} for each side.
 */
final class CrossNode {

    /** Nodes in the scenario: a room's clients alternate between them. */
    static final int NODES = 2;

    static final Figure SAME_P50 = Figure.lower("sameNodeP50", "same-node latency p50", Unit.MILLIS);
    static final Figure SAME_P99 = Figure.lower("sameNodeP99", "same-node latency p99", Unit.MILLIS);
    static final Figure SAME_P999 = Figure.lower("sameNodeP999", "same-node latency p99.9", Unit.MILLIS);
    static final Figure CROSS_P50 = Figure.lower("crossNodeP50", "cross-node latency p50", Unit.MILLIS);
    static final Figure CROSS_P99 = Figure.lower("crossNodeP99", "cross-node latency p99", Unit.MILLIS);
    static final Figure CROSS_P999 = Figure.lower("crossNodeP999", "cross-node latency p99.9", Unit.MILLIS);
    static final Figure RATIO_P50 = Figure.lower("crossOverSameP50", "cross-node / same-node p50", Unit.RATIO);
    static final Figure RATIO_P99 = Figure.lower("crossOverSameP99", "cross-node / same-node p99", Unit.RATIO);
    static final Figure SAME_COUNT = Figure.info("sameNodeDeliveries", "same-node deliveries measured", Unit.COUNT);
    static final Figure CROSS_COUNT = Figure.info("crossNodeDeliveries", "cross-node deliveries measured", Unit.COUNT);
    static final Figure NODE1_CPU = Figure.lower("node1CpuPerMessage", "node 1 CPU per message", Unit.MICROS);
    static final Figure NODE2_CPU = Figure.lower("node2CpuPerMessage", "node 2 CPU per message", Unit.MICROS);
    static final Figure REDIS_CPU = Figure.lower("redisCpuPerMessage", "Redis CPU per message", Unit.MICROS);
    static final Figure ALL_CPU = Figure.lower("cpuPerMessageAll",
            "CPU per message, nodes + database + Redis", Unit.MICROS);
    static final Figure NODE1_RSS = Figure.lower("node1Rss", "node 1 resident memory", Unit.BYTES);
    static final Figure NODE2_RSS = Figure.lower("node2Rss", "node 2 resident memory", Unit.BYTES);

    private CrossNode() {}

    /** The latencies of each class of receipt, and how cross-node compares with same-node. */
    static void putLatencies(Measured m, Latencies.Summary same, Latencies.Summary cross) {
        m.put(SAME_P50, same.p50()).put(SAME_P99, same.p99()).put(SAME_P999, same.p999());
        m.put(CROSS_P50, cross.p50()).put(CROSS_P99, cross.p99()).put(CROSS_P999, cross.p999());
        m.put(RATIO_P50, cross.p50() / same.p50()).put(RATIO_P99, cross.p99() / same.p99());
        m.put(SAME_COUNT, same.count()).put(CROSS_COUNT, cross.count());
    }

    /** Each node's CPU per message sent and resident memory, Redis' CPU, and everything's CPU together. */
    static void putResources(Measured m, CpuMeter.Use use, double[] rss, long sent) {
        double perMessage = sent == 0 ? Double.NaN : use.seconds() / sent * 1e6;
        m.put(NODE1_CPU, use.nodes()[0] * perMessage).put(NODE2_CPU, use.nodes()[1] * perMessage);
        m.put(REDIS_CPU, use.redis() * perMessage);
        double database = Double.isNaN(use.database()) ? 0 : use.database();
        m.put(ALL_CPU, (use.server() + database + use.redis()) * perMessage);
        m.put(NODE1_RSS, rss[0]).put(NODE2_RSS, rss[1]);
    }

    /** A side's nodes and the Redis they share, started for one run of the scenario. */
    static final class Cluster implements AutoCloseable {
        final RedisServer redis;
        final List<BenchServer> nodes;

        private Cluster(RedisServer redis, List<BenchServer> nodes) {
            this.redis = redis;
            this.nodes = nodes;
        }

        /**
         * Starts Redis, then the side's nodes on it.
         *
         * @param launch how to start our server's JVM (ours only)
         * @param work where logs and data directories go
         * @param name the run's name (logs: NAME-redis.log, NAME-node1.log, ...)
         * @param pinning the CPU the nodes and Redis run on
         */
        static Cluster start(Side side, BenchFiles files, List<String> launch, Path work, String name, Tokens tokens,
                CpuPinning pinning) throws IOException {
            RedisServer redis = RedisServer.start(work, name + "-redis", pinning);
            List<BenchServer> nodes = new ArrayList<>();
            try {
                for (int i = 1; i <= NODES; i++) {
                    String node = name + "-node" + i;
                    if (side == Side.OURS) {
                        Path dataDir = work.resolve(node);
                        Files.createDirectories(dataDir);
                        List<String> args = new ArrayList<>(List.of("--redis-url", redis.url()));
                        if (!nodes.isEmpty()) {
                            // node 1's embedded PostgreSQL (trusts local connections as its superuser)
                            args.addAll(List.of("--db-url", ((OursServer) nodes.getFirst()).jdbcUrl(),
                                    "--db-user", OursServer.EMBEDDED_DB_USER));
                        }
                        nodes.add(OursServer.start(launch, dataDir, work, node, tokens, pinning, args));
                    } else {
                        nodes.add(HocuspocusServer.start(files.jsDir(), redis.port, work, node, pinning));
                    }
                }
            } catch (IOException | RuntimeException e) {
                nodes.forEach(n -> n.stop(30));
                redis.close();
                throw e;
            }
            return new Cluster(redis, List.copyOf(nodes));
        }

        /** The versions of what ran: the nodes' and Redis'. */
        Map<String, String> versions() {
            Map<String, String> v = new LinkedHashMap<>(nodes.getFirst().versions());
            v.put("redis", "Redis " + redis.version + " (redis-server, no persistence)");
            return v;
        }

        boolean alive() {
            return redis.process.isAlive() && nodes.stream().allMatch(BenchServer::alive);
        }

        /** The logs' last lines, to explain a failure. */
        String logTails() {
            StringBuilder text = new StringBuilder();
            for (BenchServer n : nodes) {
                text.append("--- ").append(n.log).append(" ---\n").append(n.logTail()).append('\n');
            }
            text.append("--- ").append(redis.log).append(" ---\n").append(BenchServer.tail(redis.log));
            return text.toString();
        }

        /** Stops node 2 first (it uses node 1's PostgreSQL), then node 1, then Redis. */
        @Override
        public void close() {
            for (BenchServer n : nodes.reversed()) {
                n.stop(60);
            }
            redis.close();
        }
    }
}
