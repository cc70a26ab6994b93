package dev.promptcards.server.e2e.persistence;

import dev.promptcards.server.e2e.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The {@code promptcards serve} processes ({@link ServerProcess}) of one persistence scenario,
 * started one after the other on the same data: an HS256 secret shared with the Node clients, a
 * message rate no burst of the tests reaches (or the default one, {@link #startWithDefaultLimits}),
 * and the storage flags the test gives. Each start
 * gets a directory of its own for its port file, so that a killed server's stale file is never
 * read.
 *
 * <p>A JUnit extension (register it on an instance field): when the test fails, the output of
 * every server it started (and of whatever else was {@linkplain #explainWith registered}) is
 * attached to the failure; after the test, servers still running are killed, an embedded
 * PostgreSQL left running in {@link #dataDir()} is stopped (by its pid), and the directory is
 * deleted.
 */
final class PersistentServers implements AfterEachCallback, TestExecutionExceptionHandler {

    private final Path root;
    private final String secret = randomSecret();
    private final List<ServerProcess> started = new ArrayList<>();
    private final Map<String, Supplier<String>> outputs = new LinkedHashMap<>();

    PersistentServers() {
        try {
            root = Files.createTempDirectory("promptcards-persistence-e2e-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HS256 secret of the servers, for the Node clients' tokens. */
    String secret() {
        return secret;
    }

    /** The directory to give as {@code --data-dir}: its embedded PostgreSQL is cleaned up after. */
    Path dataDir() {
        return root.resolve("data");
    }

    /** Attaches {@code output} to the failure report of the test, as {@code name}. */
    void explainWith(String name, Supplier<String> output) {
        outputs.put(name, output);
    }

    /**
     * Starts a server with {@code storageArgs} ({@code --data-dir DIR} or {@code --db-url URL}, and
     * compaction settings) and waits until it answers /healthz (30 s: the first start runs initdb).
     */
    ServerProcess start(String... storageArgs) {
        return launch(List.of("--max-messages-per-second", "100000"), storageArgs);
    }

    /**
     * Like {@link #start}, with the server's default message rate and burst: for the tests of what
     * that rate does to a fast client.
     */
    ServerProcess startWithDefaultLimits(String... storageArgs) {
        return launch(List.of(), storageArgs);
    }

    private ServerProcess launch(List<String> limitArgs, String... storageArgs) {
        int start = started.size() + 1;
        Path dir = root.resolve("run-" + start);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--port", "0", "--jwt-secret", secret));
        args.addAll(limitArgs);
        args.addAll(List.of(storageArgs));
        ServerProcess server = ServerProcess.start(dir, Map.of(), args.toArray(String[]::new));
        started.add(server);
        explainWith("server start " + start + " (" + String.join(" ", storageArgs) + ")",
                server::output);
        server.awaitHealthy();
        return server;
    }

    /**
     * SIGKILL: no shutdown hook, no flush, the embedded PostgreSQL (if any) left running as an
     * orphan. Returns once the process is gone.
     */
    static void kill(ServerProcess server) throws InterruptedException {
        server.close(); // destroyForcibly: SIGKILL on Linux
        int exit = server.awaitExit(Duration.ofSeconds(20));
        if (exit != 137) {
            throw new AssertionError("a SIGKILLed server exits with 137, not " + exit);
        }
    }

    /** The postmaster named by {@code dataDir/postgres/postmaster.pid}, if it runs. */
    static Optional<ProcessHandle> postmaster(Path dataDir) {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(lines.getFirst().trim()))
                            .filter(ProcessHandle::isAlive)
                            .filter(p -> p.info().command().orElse("").contains("postgres"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        StringBuilder report = new StringBuilder();
        outputs.forEach((name, output) -> report.append("\n----- output of ").append(name)
                .append(" -----\n").append(output.get()));
        failure.addSuppressed(new AssertionError("what the processes printed:" + report));
        throw failure;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (ServerProcess server : started) {
            server.close();
        }
        stopLeftoverPostgres(dataDir());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Stops the embedded PostgreSQL a killed (or failed) server left running in {@code dataDir}, by
     * its pid: SIGINT (PostgreSQL's fast shutdown), then SIGKILL after 20 s.
     */
    private static void stopLeftoverPostgres(Path dataDir) throws Exception {
        Optional<ProcessHandle> postmaster = postmaster(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        try {
            process.onExit().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
        }
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
