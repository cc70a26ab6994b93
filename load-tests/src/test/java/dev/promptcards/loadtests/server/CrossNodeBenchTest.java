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
 * {@code bench server --scenarios cross-node} at its smallest: two rooms of four clients typing for 2 s,
 * each room's clients two on each of two nodes that share a redis-server the bench starts: ours (started
 * from this module's classpath; node 2 on node 1's embedded PostgreSQL), then the reference's (Hocuspocus
 * with its Redis extension, through the bench client's Hocuspocus framing). Checks that every update
 * reached every client of ours and that both classes of latency were measured, never how fast anything
 * was. The reference's cross-node relay rides on Redis pub/sub without healing: what it loses (in some runs
 * a whole room's cross-node receipts, or all of them) is a figure of its column, not a failure here.
 */
class CrossNodeBenchTest {

    static final String SCENARIO = "cross-node-2rooms";
    static final List<String> SIDES = List.of("ours", "reference");

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
                "--scenarios", "cross-node", "--cross-node-rooms", "2", "--clients", "4",
                "--duration", "2", "--warmup", "1", "--generator-threads", "1",
                "--rounds", "1", "--no-pin", "--server-classpath", System.getProperty("java.class.path"), "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void every_update_reaches_every_client_of_ours_on_both_nodes() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        assertEquals(List.of("ours, cross-node: every client connected and synced", "ours, cross-node: every message delivered"),
                ((List<?>) json.get("checks")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertEquals(0.0, number("lost", "ours"), table);
        // each update has three other receivers: one on its sender's node, two on the other
        assertEquals(3 * number("sent", "ours"), number("delivered", "ours"), 1e-9, table);
        assertEquals(2 * number("sameNodeDeliveries", "ours"), number("crossNodeDeliveries", "ours"), table);
        for (String side : SIDES) {
            assertEquals(0.0, number("errors", side), side + "\n" + table);
        }
    }

    @Test
    void same_node_and_cross_node_latencies_are_both_measured_with_their_ratio() {
        for (String side : SIDES) {
            assertTrue(number("sameNodeDeliveries", side) > 0, side + "\n" + table);
            // the reference's cross-node receipts may all be lost (see above): then it has no cross-node figures
            List<String> kinds = side.equals("ours") || number("crossNodeDeliveries", side) > 0
                    ? List.of("sameNode", "crossNode") : List.of("sameNode");
            for (String kind : kinds) {
                for (String p : List.of("P50", "P99", "P999")) {
                    double value = number(kind + p, side);
                    assertTrue(value > 0 && Double.isFinite(value), side + " " + kind + p + "\n" + table);
                }
                assertTrue(number(kind + "P50", side) <= number(kind + "P99", side), table);
                assertTrue(number(kind + "P99", side) <= number(kind + "P999", side), table);
            }
            if (kinds.size() == 2) {
                assertEquals(number("crossNodeP50", side) / number("sameNodeP50", side), number("crossOverSameP50", side),
                        1e-9);
                assertEquals(number("crossNodeP99", side) / number("sameNodeP99", side), number("crossOverSameP99", side),
                        1e-9);
            }
        }
        assertTrue(table.lines().anyMatch(l -> l.matches("  cross-node / same-node p99 +[0-9.]+x +([0-9.]+x +[0-9]+\\.[0-9]{3}|- +-)")),
                table);
    }

    @Test
    void both_nodes_their_database_and_redis_are_measured_on_both_sides() {
        for (String side : SIDES) {
            for (String figure : List.of("node1CpuPerMessage", "node2CpuPerMessage", "redisCpuPerMessage", "cpuPerMessageAll",
                    "cpuPerMessageWithDatabase", "node1Rss", "node2Rss")) {
                assertTrue(number(figure, side) > 0 && Double.isFinite(number(figure, side)), side + " " + figure + "\n" + table);
            }
        }
        // ours runs one PostgreSQL for both nodes; the reference keeps nothing
        assertTrue(number("databaseMemory", "ours") > 0, table);
        assertTrue(Double.isNaN(number("databaseMemory", "reference")), table);
        Map<?, ?> versions = (Map<?, ?>) json.get("versions");
        assertTrue(((String) ((Map<?, ?>) versions.get("ours")).get("crossNode")).contains("2 nodes, Redis "), versions.toString());
        assertTrue(((String) ((Map<?, ?>) versions.get("reference")).get("crossNode"))
                .startsWith("@hocuspocus/server 3.4.4 with @hocuspocus/extension-redis 3.4.4"), versions.toString());
        assertTrue(table.contains("cross-node ours: ") && table.contains("cross-node ref: "), table);
    }

    private static double number(String figure, String side) {
        Map<?, ?> scenario = (Map<?, ?>) ((Map<?, ?>) json.get("scenarios")).get(SCENARIO);
        Object value = ((Map<?, ?>) ((Map<?, ?>) scenario.get("figures")).get(figure)).get(side);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
