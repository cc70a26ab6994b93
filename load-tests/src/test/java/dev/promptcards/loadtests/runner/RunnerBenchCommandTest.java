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
 * module's classpath, embedded PostgreSQL) against the stub, our side only: promptfoo (1.4 GB of npm
 * packages) is installed by the benchmark on first use, not by the suite; its configuration is checked by
 * {@link BenchCardTest}. Checks what the run reports, never how fast anything was.
 */
class RunnerBenchCommandTest {

    @TempDir static Path dir;

    static int exitCode;
    static String table;
    static Map<?, ?> json;

    @BeforeAll
    static void runOurSideOnTenTests() throws Exception {
        Path file = dir.resolve("out/runner.json");
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new RunnerBenchCommand());
        command.setOut(new PrintWriter(out));
        exitCode = command.execute("--tests", "10", "--text-words", "5", "--sides", "ours",
                "--server-classpath", System.getProperty("java.class.path"), "--json", file.toString());
        table = out.toString();
        json = (Map<?, ?>) JsJson.parse(Files.readString(file));
    }

    @Test
    void our_server_runs_every_test_with_the_outcome_the_card_says_and_its_client_sees_it() {
        assertEquals(0, exitCode, table);
        assertEquals(true, json.get("passed"), table);
        List<?> names = ((List<?>) json.get("checks")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList();
        assertEquals(List.of(
                        "ours, round 1, first run: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, first run: the client connected to the card saw the run as the API tells it",
                        "ours, round 1, second run: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, second run: the client connected to the card saw the run as the API tells it",
                        "ours, round 1, third run: every test ran once, 9 passed and 1 failed as the card says",
                        "ours, round 1, third run: the client connected to the card saw the run as the API tells it",
                        "every run sent the same prompts and got the same answers (the stub's token usage)"),
                names, table);
        for (String pass : RunnerBenchmark.PASSES) {
            assertEquals(9.0, number(figure(pass, "passed"), "ours"), pass + "\n" + table);
            assertEquals(1.0, number(figure(pass, "failed"), "ours"), pass + "\n" + table);
            assertEquals(0.0, number(figure(pass, "errors"), "ours"), pass + "\n" + table);
            assertEquals(10.0, number(figure(pass, "stubRequests"), "ours"), pass + "\n" + table);
        }
    }

    @Test
    void every_measured_figure_of_our_side_is_there() {
        for (String pass : RunnerBenchmark.PASSES) {
            for (String name : List.of("wall", "testsPerSecond", "cpu", "cpuPerTest", "cpuWithoutDatabase", "peakRss",
                    "databaseMemory")) {
                double value = number(figure(pass, name), "ours");
                assertTrue(value > 0 && Double.isFinite(value), pass + "." + name + " = " + value + "\n" + table);
                assertNull(figure(pass, name).get("reference"), pass + "." + name + ": promptfoo did not run");
            }
        }
        assertEquals(10L, ((Map<?, ?>) json.get("settings")).get("tests"));
        assertTrue(((String) ((Map<?, ?>) json.get("versions")).get("ours")).contains("PostgreSQL"), json.toString());
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
