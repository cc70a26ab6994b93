package dev.promptcards.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's table of the options of {@code serve} is the one {@link OptionDocs} makes from the
 * command, so it cannot drift from the flags, their variables and defaults. When it fails it shows
 * the table to paste; {@code -Dpromptcards.writeReadme=true} writes it into README.md instead.
 */
class ReadmeOptionsTableTest {

    static final String BEGIN = "<!-- serve options: generated from ServeCommand, checked by"
            + " ReadmeOptionsTableTest -->\n";
    static final String END = "<!-- end of serve options -->";

    @Test
    void the_readme_lists_every_option_of_serve_as_the_command_declares_it() throws IOException {
        Path readme = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("../README.md").normalize();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, begin + 1);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the markers " + BEGIN + " and " + END);

        String expected = "\n" + OptionDocs.markdownTable(CommandRuns.serveSpec()) + "\n";
        String actual = text.substring(begin + BEGIN.length(), end);
        if (!expected.equals(actual) && Boolean.getBoolean("promptcards.writeReadme")) {
            Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + expected
                    + text.substring(end), StandardCharsets.UTF_8);
            actual = expected;
        }
        assertEquals(expected, actual, "README.md's table of the serve options is not the one the"
                + " command declares; put this between its markers (or run this test with"
                + " -Dpromptcards.writeReadme=true):\n" + expected);
    }
}
