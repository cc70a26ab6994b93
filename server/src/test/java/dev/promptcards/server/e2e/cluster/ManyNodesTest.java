package dev.promptcards.server.e2e.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.presence.bus.redis.RedisFaultProxy;
import dev.promptcards.presence.bus.redis.TestRedis;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.e2e.persistence.NodeScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's proof: stock Yjs clients spread over three real {@code serve} processes that share one
 * PostgreSQL and one real Redis edit one card at once (cluster/many-nodes.mjs), through the faults Redis
 * pub/sub meets: a share of the messages lost between Redis and a node, a node's Redis connection cut for
 * seconds, Redis restarted mid-edit, a node SIGKILLed. Each ends with every client on every node holding
 * the same card, every update ever echoed (stored) in it, and late joiners on any node getting it whole.
 * Two nodes reach Redis through a {@link RedisFaultProxy}, so that the faults need no hook in the server.
 */
class ManyNodesTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Duration STEP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<ServerProcess> nodes = new ArrayList<>();
    private NodeScript script;

    @AfterEach
    void stop() throws Exception {
        if (script != null) {
            script.close();
        }
        for (ServerProcess node : nodes) {
            node.close();
        }
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T open(T resource) {
        opened.add(resource);
        return resource;
    }

    /** A node on the shared database and the given Redis URL; the check interval short, for the test's pace. */
    private ServerProcess node(String redisUrl) {
        DatabaseConfig db = DB.config();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--jwt-secret", SECRET, "--db-url", db.jdbcUrl(),
                "--redis-url", redisUrl, "--bus-sync-interval", "2s", "--max-messages-per-second", "100000"));
        if (db.user() != null) {
            args.addAll(List.of("--db-user", db.user()));
        }
        if (db.password() != null) {
            args.addAll(List.of("--db-password", db.password()));
        }
        Path nodeDir = dir.resolve("node-" + (nodes.size() + 1));
        try {
            Files.createDirectories(nodeDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerProcess node = ServerProcess.start(nodeDir, Map.of(), args.toArray(String[]::new));
        nodes.add(node);
        node.awaitHealthy();
        return node;
    }

    private NodeScript clients(String card) {
        String urls = nodes.stream().map(ServerProcess::httpBase).collect(Collectors.joining(","));
        script = NodeScript.startFile("cluster/many-nodes.mjs", Map.of("SERVER_URLS", urls,
                "SERVER_URL", nodes.getFirst().httpBase(), "JWT_SECRET", SECRET, "WORKSPACE", "team", "CARD", card,
                "CLIENTS_PER_NODE", "2"));
        return script;
    }

    private String step(String command, String reported) throws InterruptedException {
        script.send(command);
        return script.await(reported, STEP);
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            text.append("--- node ").append(i).append(" ---\n").append(nodes.get(i).output());
        }
        return text.toString();
    }

    @Test
    void clients_on_three_nodes_converge_through_lost_messages_a_cut_connection_and_a_redis_restart()
            throws Exception {
        // local even when PROMPTCARDS_TEST_REDIS_URL names another Redis: this test restarts it
        TestRedis redis = open(TestRedis.createRestartable());
        RedisFaultProxy lossy = open(RedisFaultProxy.inFrontOf(redis, 14));
        RedisFaultProxy cuttable = open(RedisFaultProxy.inFrontOf(redis, 15));
        node(lossy.url());
        node(cuttable.url());
        node(redis.url());
        clients("faults");
        try {
            script.await("synced", STEP);
            step("presence", "presence");
            step("edit 1500", "edited");
            step("converge", "converged");

            // a third of what Redis pushes to node 0 is lost
            lossy.dropShare(0.35);
            step("edit 2000", "edited");
            lossy.dropShare(0);
            step("converge", "converged");
            assertTrue(lossy.dropped() > 0, "the proxy dropped pub/sub messages");
            assertTrue(nodes.get(0).metric("promptcards_bus_gaps_total") > 0, "node 0 saw the gaps");

            // node 1 loses Redis for three seconds in the middle of the edits
            script.send("edit 4000");
            Thread.sleep(500);
            cuttable.cut(Duration.ofSeconds(3));
            script.await("edited", STEP);
            step("converge", "converged");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> nodes.get(1).metric("promptcards_bus_reconnects_total") >= 1);

            // Redis itself restarts in the middle of the edits: every node keeps serving its clients
            script.send("edit 4000");
            Thread.sleep(500);
            redis.stop();
            await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(2).get("/healthz").body()
                    .contains("bus: redis unreachable"));
            assertEquals(200, nodes.get(2).get("/readyz").statusCode(), "a node without Redis still serves");
            redis.start();
            script.await("edited", STEP);
            step("converge", "converged");

            for (int node = 0; node < nodes.size(); node++) {
                step("late " + node, "late");
            }
            script.send("done");
            assertEquals(0, script.awaitExit(Duration.ofSeconds(20)), script.output());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
        }
    }

    @Test
    void a_killed_nodes_clients_leave_the_others_presence_and_what_it_echoed_stays() throws Exception {
        TestRedis redis = open(TestRedis.create());
        node(redis.url());
        node(redis.url());
        ServerProcess doomed = node(redis.url());
        clients("killed");
        try {
            script.await("synced", STEP);
            step("presence", "presence");
            script.send("edit 3000");
            Thread.sleep(1500);
            doomed.close(); // SIGKILL: no goodbye on the bus, its heartbeat key expires
            assertEquals(137, doomed.awaitExit(Duration.ofSeconds(20)));
            script.await("edited", STEP);

            String gone = step("gone 2", "gone");
            System.out.println("presence of the killed node's clients gone after: " + gone);
            step("converge", "converged");
            step("late 0", "late");
            step("late 1", "late");
            script.send("done");
            assertEquals(0, script.awaitExit(Duration.ofSeconds(20)), script.output());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + diagnostics(), e);
        }
    }
}
