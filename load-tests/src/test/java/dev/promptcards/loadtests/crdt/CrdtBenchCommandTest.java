package dev.promptcards.loadtests.crdt;

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
 * {@code bench crdt} on the first 2,000 edits of the B4 trace, one round, no warm-up: real Yjs in
 * Node against our crdt module. Checks what the run reports, never how fast anything was.
 */
class CrdtBenchCommandTest {

    static final int EDITS = 2_000;
    static final List<String> SCENARIOS = List.of("local", "remote", "encode", "parse", "memory", "state");

    @TempDir static Path dir;

    static int exitCode;
    static String table;
    static Map<?, ?> json;

    @BeforeAll
    static void runTheBenchmarkOnTheFirstEdits() throws Exception {
        Path file = dir.resolve("out/crdt.json");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new CrdtBenchCommand());
        command.setOut(new PrintWriter(out));
        exitCode = command.execute(
                "--edits", String.valueOf(EDITS), "--rounds", "2", "--warmup", "1", "--min-repeat-ms", "0",
                "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void java_and_yjs_end_in_the_same_text_updates_and_state_bytes() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        List<String> passed = ((List<?>) json.get("checks")).stream()
                .map(c -> (Map<?, ?>) c)
                .filter(c -> Boolean.TRUE.equals(c.get("passed")))
                .map(c -> (String) c.get("name"))
                .toList();
        assertTrue(passed.containsAll(List.of(
                "final text equals Yjs's",
                "remote doc's text equals the replayed text",
                "loaded doc's text equals the replayed text",
                "per-edit updates equal Yjs's, byte for byte",
                "encoded state equals Yjs's, byte for byte",
                "every round produced the same state")), passed.toString());
        Map<?, ?> state = scenario("state");
        assertEquals(true, state.get("identical"));
        assertEquals(-1L, state.get("firstDifference"));
        assertEquals(state.get("ours"), state.get("reference"));
    }

    @Test
    void json_has_every_scenario_with_positive_figures_and_a_ratio() {
        assertEquals(SCENARIOS, List.copyOf(((Map<?, ?>) json.get("scenarios")).keySet()));
        for (String name : SCENARIOS) {
            Map<?, ?> scenario = scenario(name);
            for (String figure : List.of("ours", "reference", "ratio")) {
                double value = ((Number) scenario.get(figure)).doubleValue();
                assertTrue(value > 0 && Double.isFinite(value), name + "." + figure + " = " + value);
            }
            double ratio = ((Number) scenario.get("ratio")).doubleValue();
            double expected = ((Number) scenario.get("ours")).doubleValue() / ((Number) scenario.get("reference")).doubleValue();
            assertEquals(expected, ratio, 1e-9, name + ".ratio is ours / reference");
        }
    }

    @Test
    void json_says_what_ran_and_on_what() {
        assertEquals("crdt", json.get("benchmark"));
        Map<?, ?> trace = (Map<?, ?>) json.get("trace");
        assertEquals((long) EDITS, trace.get("edits"));
        assertEquals((long) B4Trace.EDITS, trace.get("traceEdits"));
        Map<?, ?> rounds = (Map<?, ?>) json.get("rounds");
        assertEquals(1L, rounds.get("warmup"));
        assertEquals(2L, rounds.get("measured"));
        assertEquals(2, ((List<?>) scenario("local").get("oursRounds")).size());
        Map<?, ?> versions = (Map<?, ?>) json.get("versions");
        assertEquals("13.6.33", versions.get("yjs"));
        assertTrue(versions.get("node") instanceof String, versions.toString());
        assertEquals((long) Runtime.getRuntime().availableProcessors(), ((Map<?, ?>) json.get("machine")).get("cores"));
    }

    @Test
    void table_has_a_row_per_scenario_with_ours_the_reference_and_the_ratio() {
        for (Scenario scenario : Scenario.values()) {
            String row = table.lines().filter(l -> l.startsWith(scenario.label())).findFirst().orElse("");
            assertTrue(row.matches(scenario.label() + " +[0-9.,]+ (ms|MB|KB) +[0-9.,]+ (ms|MB|KB) +[0-9]+\\.[0-9]{3} .*"),
                    "row of " + scenario + " in\n" + table);
        }
        assertTrue(table.contains("Yjs 13.6.33"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("encoded state +[0-9,]+ B +[0-9,]+ B +identical.*")), table);
        assertTrue(table.contains("checks: all"), table);
    }

    private static Map<?, ?> scenario(String name) {
        return (Map<?, ?>) ((Map<?, ?>) json.get("scenarios")).get(name);
    }
}
