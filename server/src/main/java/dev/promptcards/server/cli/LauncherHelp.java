package dev.promptcards.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The end of {@code promptcards --help} and {@code promptcards serve --help}: the commands of the launcher
 * script ({@code ./promptcards} at the root of a checkout) that this jar does not have, so that the help a
 * newcomer reads first tells them how to run the tests and the benchmarks.
 */
final class LauncherHelp {

    /** The heading of the footer (picocli format: %n is a line break). */
    static final String HEADING = "%nIn a checkout, the launcher script ./promptcards also runs:%n";

    /**
     * The footer's lines, each within picocli's 80 columns (it wraps a longer one without indenting it); what
     * they say comes from the launcher's header comment.
     */
    static final String[] LINES = {
        "  ./promptcards test [MAVEN ARGS...]",
        "      Every test: mvn -B verify, then the persistence tests again against an",
        "      external PostgreSQL when one answers ($PROMPTCARDS_TEST_DB_URL).",
        "  ./promptcards bench crdt|server|runner [ARGS...]",
        "      The benchmarks (./promptcards bench --help; docs/benchmarks.md).",
    };

    private LauncherHelp() {
    }

    /** Ends the help of {@code promptcards} and of its {@code serve} with the launcher's commands. */
    static void install(CommandLine promptcards) {
        footer(promptcards.getCommandSpec().usageMessage());
        footer(promptcards.getSubcommands().get("serve").getCommandSpec().usageMessage());
    }

    private static void footer(UsageMessageSpec usage) {
        usage.footerHeading(HEADING).footer(LINES);
    }
}
