package dev.promptcards.server.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * {@code promptcards serve} in a JVM of its own, as an operator runs it: the test's own classpath
 * and Java, {@code --port-file} to learn the port, the HTTP API on any free port (unless the arguments or the
 * environment name one) with {@code --api-port-file} to learn it, output collected. {@link #close()} kills it if it still
 * runs.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String MAIN_CLASS = "dev.promptcards.server.cli.PromptcardsCommand";

    private final Process process;
    private final Path portFile;
    private final Path apiPortFile;
    private final ProcessOutput output;
    private final HttpClient http;
    private final String scheme;

    private ServerProcess(Process process, Path portFile, Path apiPortFile, SSLContext trust) {
        this.process = process;
        this.portFile = portFile;
        this.apiPortFile = apiPortFile;
        HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.http = trust == null ? client.build() : client.sslContext(trust).build();
        this.scheme = trust == null ? "http" : "https";
        this.output = ProcessOutput.of(process, "server-output");
    }

    /**
     * Starts {@code promptcards serve --port-file DIR/port ARGS...} with {@code env} added to the
     * environment (and no other PROMPTCARDS_* variable). Add {@code --port 0} to the arguments for
     * any free port.
     */
    public static ServerProcess start(Path dir, Map<String, String> env, String... serveArgs) {
        return start(dir, env, null, List.of(), serveArgs);
    }

    /**
     * {@link #start(Path, Map, String...)} with {@code jvmArgs} given to its JVM before the main class, e.g.
     * {@code -Xmx512m} for a server with the heap an operator would give it.
     */
    public static ServerProcess startWithJvmArgs(Path dir, Map<String, String> env, List<String> jvmArgs,
            String... serveArgs) {
        return start(dir, env, null, List.copyOf(jvmArgs), serveArgs);
    }

    /**
     * {@link #start(Path, Map, String...)} for a server started with {@code --tls-cert} and
     * {@code --tls-key} in {@code serveArgs}: {@link #httpBase()} is then https://, and {@code trust}
     * (trusting its certificate) is what {@link #get} and the health check connect with.
     */
    public static ServerProcess startTls(Path dir, Map<String, String> env, SSLContext trust,
            String... serveArgs) {
        return start(dir, env, java.util.Objects.requireNonNull(trust, "trust"), List.of(), serveArgs);
    }

    private static ServerProcess start(Path dir, Map<String, String> env, SSLContext trust, List<String> jvmArgs,
            String... serveArgs) {
        Path portFile = dir.resolve("port");
        Path apiPortFile = dir.resolve("api-port");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                MAIN_CLASS, "serve", "--port-file", portFile.toString(),
                "--api-port-file", apiPortFile.toString()));
        if (!List.of(serveArgs).contains("--api-port") && !env.containsKey("PROMPTCARDS_API_PORT")) {
            // several servers run at once (tests, builds side by side): none takes the default 8081
            command.addAll(List.of("--api-port", "0"));
        }
        command.addAll(List.of(serveArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("PROMPTCARDS_"));
        builder.environment().putAll(env);
        try {
            return new ServerProcess(builder.start(), portFile, apiPortFile, trust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the port file is written and /healthz answers 200 "ok"; returns the port. */
    public int awaitHealthy() {
        await("the server to answer /healthz (output so far:\n" + output + ")")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the server exited with " + process.exitValue()
                                + " before it was healthy:\n" + output());
                    }
                    return Files.exists(portFile) && healthy();
                });
        return port();
    }

    /** The port from the port file. */
    public int port() {
        try {
            return Integer.parseInt(Files.readString(portFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP API's port from its port file. */
    public int apiPort() {
        try {
            return Integer.parseInt(Files.readString(apiPortFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** http://127.0.0.1:API_PORT/api/v1 (https:// when started by {@link #startTls}) */
    public String apiBase() {
        return scheme + "://127.0.0.1:" + apiPort() + "/api/v1";
    }

    /** http://127.0.0.1:PORT (https:// when started by {@link #startTls}) */
    public String httpBase() {
        return scheme + "://127.0.0.1:" + port();
    }

    /** GET {@code path}, as text. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(httpBase() + path))
                        .timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The value of a metric in /metrics (Prometheus text), e.g. {@code promptcards_reads_paused_total}: its first
     * series, with labels or without; fails when it is not there.
     */
    public double metric(String name) throws IOException, InterruptedException {
        String metrics = get("/metrics").body();
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in /metrics:\n" + metrics));
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = get("/healthz");
            return response.statusCode() == 200 && response.body().startsWith("ok");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean portFileExists() {
        return Files.exists(portFile);
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM and waits up to {@code timeout} for the exit; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        // SIGTERM on Linux and macOS. Not Process.destroy(): it also closes our end of the output
        // pipe, and what the server prints while it shuts down would be lost.
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    /** Waits up to {@code timeout} for the process to exit; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server did not exit within " + timeout + ":\n" + output());
        }
        output.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Everything it printed so far (stdout and stderr). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
