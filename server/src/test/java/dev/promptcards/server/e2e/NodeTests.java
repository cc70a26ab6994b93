package dev.promptcards.server.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the Node end-to-end tests of server/src/test/js ({@code node --test}) with stock Yjs
 * clients, installed there by the Maven build (build-tools/npm-ci.sh).
 */
public final class NodeTests {

    /** The exit code of {@code node --test} and everything it printed. */
    public record Result(int exitCode, String output) {}

    private NodeTests() {}

    /** server/src/test/js, from the module directory surefire runs in. */
    public static Path directory() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolve("src/test/js").toAbsolutePath();
    }

    /**
     * Runs every {@code *.test.mjs} of {@link #directory()} with {@code env} added to the
     * environment; kills Node after {@code timeout}.
     */
    static Result run(Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        List<String> tests;
        try (Stream<Path> files = Files.list(directory())) {
            tests = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".test.mjs"))
                    .sorted()
                    .toList();
        }
        return run(env, timeout, tests);
    }

    /**
     * Runs the given test files (relative to {@link #directory()}, e.g. {@code tls/x.test.mjs})
     * with {@code env} added to the environment; kills Node after {@code timeout}.
     */
    static Result run(Map<String, String> env, Duration timeout, List<String> tests)
            throws IOException, InterruptedException {
        Path dir = directory();
        if (!Files.isDirectory(dir.resolve("node_modules/y-websocket"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: the Maven build installs it"
                    + " (build-tools/npm-ci.sh, phase generate-test-resources); or run `npm ci` in " + dir + ".");
        }
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec"));
        command.addAll(tests);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().putAll(env);
        Process node = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor();
            return new Result(-1, "node --test did not finish within " + timeout + ":\n"
                    + output.join());
        }
        return new Result(node.exitValue(), output.join());
    }
}
