package dev.promptcards.server.cli;

import static dev.promptcards.server.cli.CommandRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.cli.CommandRuns.Run;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a newcomer sees on a mistyped option and in the help. */
class CommandLineHelpTest {

    private static String err(Run run) {
        return run.err().replace(System.lineSeparator(), "\n");
    }

    @Test
    void a_mistyped_option_suggests_the_nearest_one() {
        Run run = run(Map.of(), "serve", "--prot", "9000");

        assertEquals(2, run.exitCode());
        assertEquals("Error: Unknown option: '--prot'\nDid you mean: --port?\n", err(run));
    }

    @Test
    void a_mistyped_option_with_its_value_after_an_equals_sign_suggests_the_nearest_one() {
        Run run = run(Map.of(), "serve", "--data-dri=/tmp/cards");

        assertEquals(2, run.exitCode());
        assertEquals("Error: Unknown option: '--data-dri=/tmp/cards'\nDid you mean: --data-dir?\n", err(run));
    }

    @Test
    void the_start_of_several_options_lists_them() {
        Run run = run(Map.of(), "serve", "--jwt");

        assertEquals("Error: Unknown option: '--jwt'\n"
                + "Did you mean one of: --jwt-secret, --jwt-previous-secret, --jwt-public-key?\n", err(run));
    }

    @Test
    void a_serve_option_given_without_serve_suggests_serve() {
        Run run = run(Map.of(), "--port", "9000");

        assertEquals(2, run.exitCode());
        assertEquals("Error: Unknown option: '--port'\nDid you mean: promptcards serve --port?\n", err(run));
    }

    @Test
    void an_option_near_nothing_points_to_the_help() {
        Run run = run(Map.of(), "serve", "--colour");

        assertEquals("Error: Unknown option: '--colour'\nTry 'promptcards serve --help' for more information.\n",
                err(run));
    }

    @Test
    void the_help_of_promptcards_and_of_serve_name_the_launchers_test_and_bench() {
        for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}}) {
            Run run = run(Map.of(), args);

            assertEquals(0, run.exitCode());
            assertTrue(run.out().replace(System.lineSeparator(), "\n").endsWith("\n"
                    + "In a checkout, the launcher script ./promptcards also runs:\n"
                    + "  ./promptcards test [MAVEN ARGS...]\n"
                    + "      Every test: mvn -B verify, then the persistence tests again against an\n"
                    + "      external PostgreSQL when one answers ($PROMPTCARDS_TEST_DB_URL).\n"
                    + "  ./promptcards bench crdt|server|runner [ARGS...]\n"
                    + "      The benchmarks (./promptcards bench --help; docs/benchmarks.md).\n"), run.out());
        }
    }
}
