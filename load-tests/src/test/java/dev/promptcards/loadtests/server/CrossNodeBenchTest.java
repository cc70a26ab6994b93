package dev.promptcards.loadtests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.lib0.JsJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench server --scenarios cross-node} at its smallest, ours only: two rooms of four clients typing
 * for 2 s, each room's clients two on each of two of our nodes (started from this module's classpath) that share node
 * 1's embedded PostgreSQL and a redis-server the bench starts. Checks that every update reached every
 * client and that both classes of latency were measured, never how fast anything was.
 */
class CrossNodeBenchTest {

    static final String SCENARIO = "cross-node-2rooms";

    @TempDir static Path dir;

    static int exitCode;
    static String table;
    static Map<?, ?> json;

    @BeforeAll
    static void runTheCrossNodeScenarioOnTwoRooms() throws Exception {
        Path file = dir.resolve("out/server.json");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ServerBenchCommand());
        command.setOut(new PrintWriter(out));
        exitCode = command.execute(
                "--scenarios", "cross-node", "--servers", "ours", "--cross-node-rooms", "2", "--clients", "4",
                "--duration", "2", "--warmup", "1", "--generator-threads", "1",
                "--server-classpath", System.getProperty("java.class.path"), "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void every_update_reaches_every_client_on_both_nodes_and_comes_back_to_its_sender() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        assertEquals(List.of("ours, cross-node: every client connected and synced", "ours, cross-node: every message delivered"),
                ((List<?>) json.get("checks")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertEquals(0.0, number("lost"), table);
        assertEquals(0.0, number("errors"), table);
        // each update has three other receivers: one on its sender's node, two on the other
        assertEquals(3 * number("sent"), number("delivered"), 1e-9, table);
        assertEquals(2 * number("sameNodeDeliveries"), number("crossNodeDeliveries"), table);
    }

    @Test
    void same_node_and_cross_node_latencies_are_both_measured_with_their_ratio() {
        assertTrue(number("sameNodeDeliveries") > 0, table);
        for (String kind : List.of("sameNode", "crossNode")) {
            for (String p : List.of("P50", "P99", "P999")) {
                assertTrue(number(kind + p) > 0 && Double.isFinite(number(kind + p)), kind + p + "\n" + table);
            }
            assertTrue(number(kind + "P50") <= number(kind + "P99"), table);
            assertTrue(number(kind + "P99") <= number(kind + "P999"), table);
        }
        assertEquals(number("crossNodeP50") / number("sameNodeP50"), number("crossOverSameP50"), 1e-9, table);
        assertEquals(number("crossNodeP99") / number("sameNodeP99"), number("crossOverSameP99"), 1e-9, table);
        assertTrue(table.lines().anyMatch(l -> l.matches("  cross-node / same-node p99 +[0-9.]+x +- +-")), table);
    }

    @Test
    void both_nodes_their_database_and_redis_are_measured() {
        for (String figure : List.of("node1CpuPerMessage", "node2CpuPerMessage", "redisCpuPerMessage", "cpuPerMessageAll",
                "cpuPerMessageWithDatabase", "node1Rss", "node2Rss", "databaseMemory")) {
            assertTrue(number(figure) > 0 && Double.isFinite(number(figure)), figure + "\n" + table);
        }
        assertTrue(number("cpuPerMessageAll") > number("cpuPerMessageWithDatabase"), "Redis adds to it\n" + table);
        Map<?, ?> ours = (Map<?, ?>) ((Map<?, ?>) json.get("versions")).get("ours");
        assertTrue(((String) ours.get("crossNode")).contains("2 nodes, Redis "), ours.toString());
        assertTrue(table.contains("cross-node ours: "), table);
    }

    private static double number(String figure) {
        Map<?, ?> scenario = (Map<?, ?>) ((Map<?, ?>) json.get("scenarios")).get(SCENARIO);
        Object value = ((Map<?, ?>) ((Map<?, ?>) scenario.get("figures")).get(figure)).get("ours");
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
