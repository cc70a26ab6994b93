package dev.promptcards.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void the_server_jvm_gets_the_serial_collector_a_small_first_heap_and_the_heap_ceiling_of_max_heap() throws Exception {
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx2g"), jvmOptions(null, "serve", "--max-heap", "2GiB"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx768m"), jvmOptions(null, "serve", "--max-heap=768MiB"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx300m"), jvmOptions("300MiB", "serve", "--port", "8080"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx1g"), jvmOptions("300MiB", "serve", "--max-heap", "1GiB"));
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx" + (ServeCommand.DEFAULT_MAX_HEAP >> 20) + "m"),
                jvmOptions(null, "serve"));
        // not a size: serve refuses it with its own message; the launcher does not pass it to the JVM
        assertEquals(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m"), jvmOptions(null, "serve", "--max-heap", "lots"));
    }

    /** What {@code server_jvm_options ARGS} prints, with PROMPTCARDS_MAX_HEAP set to {@code envHeap} (null: unset). */
    private static List<String> jvmOptions(String envHeap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$0\" && server_jvm_options \"$@\"", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder bash = new ProcessBuilder(command);
        bash.environment().remove("PROMPTCARDS_MAX_HEAP");
        if (envHeap != null) {
            bash.environment().put("PROMPTCARDS_MAX_HEAP", envHeap);
        }
        Process process = bash.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output.lines().toList();
    }
}
