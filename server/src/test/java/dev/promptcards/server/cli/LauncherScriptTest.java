package dev.promptcards.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher script {@code ./promptcards}, its functions run with bash (no build). */
class LauncherScriptTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("../promptcards").normalize();

    @Test
    void maven_as_the_launcher_runs_it_writes_no_colour_codes() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER.toString());
        // Maven 3.8's jansi writes ESC[0m as it starts and exits, whatever the goal: -v shows it without a build
        ProcessBuilder bash = new ProcessBuilder("bash", "-c",
                "source \"$0\" && need_jdk && need_maven && mvn -B -q -v", LAUNCHER.toString())
                .redirectErrorStream(true);
        bash.environment().remove("MAVEN_OPTS");
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertFalse(output.isBlank(), "Maven printed its version");
        assertFalse(output.contains("\u001b"), "raw escape codes: " + output.replace("\u001b", "ESC"));
    }
}
