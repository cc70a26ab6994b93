package dev.promptcards.loadtests.runner;

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
 * {@code bench runner} at its smallest: a card of 10 short tests run by our server (started from this
 * module's classpath, embedded PostgreSQL) and by promptfoo against the stub. Checks what the run
 * reports, never how fast anything was.
 */
class RunnerBenchCommandTest {

    @TempDir static Path dir;

    static int exitCode;
    static String table;
    static Map<?, ?> json;

    @BeforeAll
    static void runTheBenchmarkOnTenTests() throws Exception {
        Path file = dir.resolve("out/runner.json");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new RunnerBenchCommand());
        command.setOut(new PrintWriter(out));
        exitCode = command.execute("--tests", "10", "--text-words", "5",
                "--server-classpath", System.getProperty("java.class.path"), "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void both_sides_run_every_test_with_the_outcome_the_card_says() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        List<?> names = ((List<?>) json.get("checks")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList();
        assertEquals(List.of(
                        "ours, round 1, first run: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, first run: the client connected to the card saw the run as the API tells it",
                        "promptfoo, round 1, first eval: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, second run: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, second run: the client connected to the card saw the run as the API tells it",
                        "promptfoo, round 1, second eval: every test ran once, 9 passed and 1 failed as the card says",
                        "every run sent the same prompts and got the same answers (the stub's token usage)"),
                names, table);
        for (String pass : RunnerBenchmark.PASSES) {
            for (String side : List.of("ours", "reference")) {
                assertEquals(9.0, number(figure(pass, "passed"), side), pass + " " + side + "\n" + table);
                assertEquals(1.0, number(figure(pass, "failed"), side), pass + " " + side + "\n" + table);
                assertEquals(0.0, number(figure(pass, "errors"), side), pass + " " + side + "\n" + table);
                assertEquals(10.0, number(figure(pass, "stubRequests"), side), pass + " " + side + "\n" + table);
            }
            assertEquals(number(figure(pass, "tokensIn"), "ours"), number(figure(pass, "tokensIn"), "reference"));
            assertEquals(number(figure(pass, "tokensOut"), "ours"), number(figure(pass, "tokensOut"), "reference"));
        }
    }

    @Test
    void every_measured_figure_is_there_for_both_sides_with_its_ratio() {
        for (String pass : RunnerBenchmark.PASSES) {
            for (String name : List.of("wall", "testsPerSecond", "cpu", "cpuPerTest", "cpuWithoutDatabase", "peakRss")) {
                Map<?, ?> figure = figure(pass, name);
                for (String side : List.of("ours", "reference")) {
                    double value = number(figure, side);
                    assertTrue(value > 0 && Double.isFinite(value), pass + "." + name + "." + side + " = " + value + "\n" + table);
                }
                assertEquals(number(figure, "ours") / number(figure, "reference"), number(figure, "ratio"), 1e-9,
                        name + ".ratio is ours / promptfoo's");
            }
            // our PostgreSQL's memory is shown, for information: promptfoo has no database server
            assertTrue(number(figure(pass, "databaseMemory"), "ours") > 0, table);
            assertNull(figure(pass, "databaseMemory").get("reference"));
            assertNull(figure(pass, "databaseMemory").get("ratio"));
            Map<?, ?> run = (Map<?, ?>) ((Map<?, ?>) json.get("runs")).get(pass);
            assertEquals(number(figure(pass, "cpuPerTest"), "ratio"), ((Number) run.get("cpuPerTestRatio")).doubleValue(), 1e-12);
            assertEquals(((Number) run.get("cpuPerTestRatio")).doubleValue() <= 1.0 / 3, run.get("goalMet"));
        }
    }

    @Test
    void json_and_table_say_what_ran_and_on_what() {
        assertEquals("runner", json.get("benchmark"));
        Map<?, ?> versions = (Map<?, ?>) json.get("versions");
        assertTrue(((String) versions.get("promptfoo")).startsWith("promptfoo 0.121.20 on Node "), versions.toString());
        assertTrue(((String) versions.get("ours")).contains("PostgreSQL"), versions.toString());
        Map<?, ?> settings = (Map<?, ?>) json.get("settings");
        assertEquals(10L, settings.get("tests"));
        assertEquals(4L, settings.get("concurrency"));
        assertTrue(table.contains("first run: ours on a fresh server (cold JVM), promptfoo eval; 10 tests, 4 at once"), table);
        for (String label : List.of("wall time", "CPU per test, incl. database", "peak resident memory")) {
            assertTrue(table.lines().anyMatch(l -> l.matches("  " + label + " +[0-9.,]+ (ms|MB|KB) +[0-9.,]+ (ms|MB|KB) +[0-9]+\\.[0-9]{3}")),
                    label + " in\n" + table);
        }
        assertTrue(table.lines().anyMatch(l -> l.matches("  goal \\(issue 13\\), our CPU per test at most 1/3 of promptfoo's: [0-9.]+, (met|NOT MET)")),
                table);
        assertTrue(table.contains("checks: all 7 passed"), table);
    }

    private static Map<?, ?> figure(String pass, String name) {
        Map<?, ?> run = (Map<?, ?>) ((Map<?, ?>) json.get("runs")).get(pass);
        return (Map<?, ?>) ((Map<?, ?>) run.get("figures")).get(name);
    }

    private static double number(Map<?, ?> figure, String key) {
        Object value = figure.get(key);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }
}
