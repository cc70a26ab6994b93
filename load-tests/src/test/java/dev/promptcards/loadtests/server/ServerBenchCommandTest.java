package dev.promptcards.loadtests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * {@code bench server} at its smallest: one room with two clients typing for 2 s against our
 * server (started from this module's classpath, embedded PostgreSQL) and the Node reference server.
 * Checks what the run reports, never how fast anything was.
 */
class ServerBenchCommandTest {

    static final String STEADY = "steady-1rooms";

    @TempDir static Path dir;

    static int exitCode;
    static String table;
    static Map<?, ?> json;

    @BeforeAll
    static void runTheBenchmarkOnOneRoom() throws Exception {
        Path file = dir.resolve("out/server.json");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ServerBenchCommand());
        command.setOut(new PrintWriter(out));
        exitCode = command.execute(
                "--scenarios", "steady", "--rooms", "1", "--clients", "2", "--duration", "2", "--warmup", "1",
                "--generator-threads", "1", "--rounds", "1", "--no-pin", "--server-classpath", System.getProperty("java.class.path"),
                "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void both_servers_deliver_every_update_to_the_other_client_and_echo_it() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        assertEquals(List.of(
                        "ours: every client connected and synced", "ours: every message delivered",
                        "reference: every client connected and synced", "reference: every message delivered"),
                ((List<?>) json.get("checks")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        for (String side : List.of("ours", "reference")) {
            assertEquals(0.0, number(figure("lost"), side), side + " lost updates\n" + table);
            assertEquals(0.0, number(figure("errors"), side), side + " had connection errors\n" + table);
        }
    }

    @Test
    void every_figure_of_the_steady_state_is_there_for_both_servers_with_its_ratio() {
        List<String> figures = List.of("sent", "delivered", "p50", "p95", "p99", "max", "echoP50", "echoP99",
                "cpuPerMessage", "cpuPerMessageWithDatabase", "rss");
        for (String name : figures) {
            Map<?, ?> figure = figure(name);
            for (String side : List.of("ours", "reference")) {
                double value = number(figure, side);
                assertTrue(value > 0 && Double.isFinite(value), name + "." + side + " = " + value + "\n" + table);
            }
            assertEquals(number(figure, "ours") / number(figure, "reference"), number(figure, "ratio"), 1e-9,
                    name + ".ratio is ours / reference");
        }
        // the generator's own CPU is there for both, for information: no ratio
        assertTrue(number(figure("generatorCores"), "ours") > 0 && number(figure("generatorCores"), "reference") > 0, table);
        assertNull(figure("generatorCores").get("ratio"));
        // the latencies are ordered
        for (String side : List.of("ours", "reference")) {
            assertTrue(number(figure("p50"), side) <= number(figure("p99"), side));
            assertTrue(number(figure("p99"), side) <= number(figure("max"), side));
        }
        // our PostgreSQL's memory is measured apart; the reference has no database
        assertTrue(number(figure("databaseMemory"), "ours") > 0, table);
        assertNull(figure("databaseMemory").get("reference"));
        assertNull(figure("databaseMemory").get("ratio"));
    }

    @Test
    void json_says_what_ran_and_on_what() {
        assertEquals("server", json.get("benchmark"));
        Map<?, ?> versions = (Map<?, ?>) json.get("versions");
        Map<?, ?> reference = (Map<?, ?>) versions.get("reference");
        assertEquals("@y/websocket-server 0.1.1", reference.get("server"));
        assertEquals("13.6.33", reference.get("yjs"));
        assertTrue(((String) ((Map<?, ?>) versions.get("ours")).get("postgresql")).startsWith("PostgreSQL"), versions.toString());
        Map<?, ?> settings = (Map<?, ?>) json.get("settings");
        assertEquals(List.of(1L), settings.get("steadyRooms"));
        assertEquals(2L, settings.get("clientsPerRoom"));
        assertEquals(1L, settings.get("rounds"));
        assertEquals("unpinned (--no-pin)", settings.get("pinning"));
        assertEquals((long) Runtime.getRuntime().availableProcessors(), ((Map<?, ?>) json.get("machine")).get("cores"));
        Map<?, ?> held = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) json.get("scenarios")).get("held")).get("figures");
        assertTrue(held.containsKey("updatesPerSecond"), held.toString());
    }

    @Test
    void table_has_a_block_per_scenario_with_ours_the_reference_and_the_ratio() {
        assertTrue(table.contains("steady state: 1 rooms x 2 clients x 10 updates/s (20 updates/s)"), table);
        for (String label : List.of("latency p50", "latency p99", "server CPU per message", "server resident memory")) {
            assertTrue(table.lines().anyMatch(l -> l.matches("  " + label + " +[0-9.,]+ (ms|us|MB|KB) +[0-9.,]+ (ms|us|MB|KB) +[0-9]+\\.[0-9]{3}")),
                    label + " in\n" + table);
        }
        assertTrue(table.lines().anyMatch(l -> l.matches("  lost \\(not delivered within 5 s\\) +0 +0 +-")), table);
        assertTrue(table.contains("@y/websocket-server 0.1.1, Yjs 13.6.33"), table);
        assertTrue(table.contains("checks: all 4 passed"), table);
        assertTrue(table.contains("\ncpus: unpinned (--no-pin)\n"), table);
    }

    private static Map<?, ?> figure(String name) {
        Map<?, ?> steady = (Map<?, ?>) ((Map<?, ?>) json.get("scenarios")).get(STEADY);
        return (Map<?, ?>) ((Map<?, ?>) steady.get("figures")).get(name);
    }

    private static double number(Map<?, ?> figure, String key) {
        Object value = figure.get(key);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
