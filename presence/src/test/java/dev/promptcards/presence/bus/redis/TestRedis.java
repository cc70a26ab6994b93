package dev.promptcards.presence.bus.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis for tests: Debian's {@code redis-server} started on a free port of 127.0.0.1 without persistence
 * (installed through apt when missing, as root or with {@code sudo -n}), or the external server named by
 * {@code PROMPTCARDS_TEST_REDIS_URL}. {@link #stop()} and {@link #start()} restart a local one on the same port;
 * a test that restarts Redis takes a local one ({@link #createRestartable()}), whatever the variable says.
 */
public final class TestRedis implements AutoCloseable {

    /** The environment variable naming an external Redis for the tests. */
    public static final String EXTERNAL_URL_VARIABLE = "PROMPTCARDS_TEST_REDIS_URL";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final String BINARY = "redis-server";

    private final String externalUrl;
    private final String password;
    private final int port;
    private final Path directory;
    private Process process;

    private TestRedis(String externalUrl, String password, int port, Path directory) {
        this.externalUrl = externalUrl;
        this.password = password;
        this.port = port;
        this.directory = directory;
    }

    /**
     * The external Redis if {@code PROMPTCARDS_TEST_REDIS_URL} is set, else a local {@code redis-server}, started.
     *
     * @return the running Redis
     */
    public static TestRedis create() {
        String external = System.getenv(EXTERNAL_URL_VARIABLE);
        if (external != null && !external.isBlank()) {
            return new TestRedis(external.strip(), null, -1, null);
        }
        return startLocal(null);
    }

    /**
     * A local {@code redis-server}, also when an external one is set: a test that stops and starts Redis cannot
     * do that to someone else's server.
     *
     * @return the running Redis
     */
    public static TestRedis createRestartable() {
        return startLocal(null);
    }

    /**
     * A local {@code redis-server} that requires a password (always local, also when an external one is set).
     *
     * @param password the password of the default user
     * @return the running Redis
     */
    public static TestRedis createWithPassword(String password) {
        return startLocal(password);
    }

    private static TestRedis startLocal(String password) {
        String binary = ensureInstalled();
        try {
            TestRedis redis = new TestRedis(null, password, freePort(),
                    Files.createTempDirectory("promptcards-test-redis"));
            redis.spawn(binary);
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare a directory for redis-server", e);
        }
    }

    /**
     * The URL to connect to, with the password if there is one.
     *
     * @return {@code redis://[:password@]127.0.0.1:port}
     */
    public String url() {
        if (externalUrl != null) {
            return externalUrl;
        }
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    /**
     * The port of a local Redis.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /** Stops a local Redis (its data is gone: no persistence). */
    public synchronized void stop() {
        requireLocal();
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    /** Starts a stopped local Redis again, on the same port; empty. */
    public synchronized void start() {
        requireLocal();
        if (process == null) {
            spawn(ensureInstalled());
        }
    }

    @Override
    public synchronized void close() {
        if (externalUrl != null) {
            return;
        }
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void requireLocal() {
        if (externalUrl != null) {
            throw new UnsupportedOperationException("the external Redis (" + EXTERNAL_URL_VARIABLE
                    + ") cannot be stopped or restarted by the tests");
        }
    }

    private void spawn(String binary) {
        List<String> command = new ArrayList<>(List.of(binary, "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        Path log = directory.resolve("redis.log");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try {
            // the port may still be held for a moment after a stop: try again until the deadline
            while (true) {
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                if (awaitPing(process, deadline)) {
                    return;
                }
                if (process.isAlive() || System.nanoTime() - deadline >= 0) {
                    process.destroyForcibly();
                    process = null;
                    throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                            + STARTUP_TIMEOUT + "; its log:\n" + tail(log));
                }
                Thread.sleep(100); // the port to be free again: nothing to wait on
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    /** Waits until Redis answers PING (+PONG, or -NOAUTH with a password): true, or false if it died. */
    private boolean awaitPing(Process started, long deadline) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            if (!started.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(1_000);
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                int first = in.read();
                if (first == '+' || first == '-') {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50); // polling a port that is not open yet: nothing to wait on
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Finds redis-server on the PATH, installing Debian's package when it is missing and that is allowed. */
    private static synchronized String ensureInstalled() {
        String found = onPath();
        if (found != null) {
            return found;
        }
        String asRoot;
        if ("root".equals(System.getProperty("user.name"))) {
            asRoot = "";
        } else if (run(List.of("sudo", "-n", "true"))) {
            asRoot = "sudo -n ";
        } else {
            throw new IllegalStateException("the Redis tests need redis-server, which is missing: install it"
                    + " (apt-get install redis-server), or set " + EXTERNAL_URL_VARIABLE + " to a Redis URL."
                    + " Installing it here needs root or password-less sudo.");
        }
        String script = "export DEBIAN_FRONTEND=noninteractive; " + asRoot + "apt-get update && " + asRoot
                + "apt-get install -y --no-install-recommends redis-server";
        if (!run(List.of("sh", "-c", script)) || onPath() == null) {
            throw new IllegalStateException("installing Debian's redis-server through apt failed; install it by"
                    + " hand or set " + EXTERNAL_URL_VARIABLE);
        }
        return onPath();
    }

    private static String onPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            Path candidate = Path.of(dir, BINARY);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        Path debian = Path.of("/usr/bin", BINARY);
        return Files.isExecutable(debian) ? debian.toString() : null;
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
