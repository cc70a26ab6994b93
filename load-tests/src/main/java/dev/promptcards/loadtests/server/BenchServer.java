package dev.promptcards.loadtests.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process under load, ours or the reference, on a fresh process for each scenario: where
 * to connect, and what /proc (and the server itself, for the heap) says of its CPU and memory.
 */
abstract sealed class BenchServer implements AutoCloseable permits OursServer, ReferenceServer, HocuspocusServer {

    /** The workspace every benchmark card is in. */
    static final String WORKSPACE = "bench";

    final Process process;
    final Path log;
    final int port;
    private final Map<String, String> versions;

    BenchServer(Process process, Path log, int port, Map<String, String> versions) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.versions = versions;
    }

    abstract Side side();

    /** The versions of what runs: server, runtime, libraries, in the order they were found. */
    Map<String, String> versions() {
        return versions;
    }

    /** How its clients frame y-protocols messages: as y-websocket does, but for Hocuspocus. */
    BenchClient.Framing framing() {
        return BenchClient.Framing.Y_WEBSOCKET;
    }

    /** The card's WebSocket URL, with the token in the query as WebsocketProvider's params send it. */
    URI cardUri(String card, String token) {
        return URI.create("ws://127.0.0.1:" + port + "/ws/" + WORKSPACE + "/" + card
                + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** CPU seconds the server process has used (every thread). */
    double cpuSeconds() {
        return ProcFs.cpuSeconds(pid(), false);
    }

    /** CPU seconds its database processes have used; NaN when it has none (the reference). */
    double databaseCpuSeconds() {
        return Double.NaN;
    }

    /** The server process's resident memory (VmRSS). */
    double rssBytes() {
        return ProcFs.rssBytes(pid());
    }

    /** Its database processes' memory (summed Pss); NaN when it has none. */
    double databaseMemoryBytes() {
        return Double.NaN;
    }

    /**
     * The heap in use after a full collection: the JVM's (jcmd GC.run, GC.heap_info), Node's
     * heapUsed after global.gc().
     */
    abstract double heapAfterGcBytes() throws IOException;

    /** The last lines of the server's output, to explain a failure. */
    String logTail() {
        return tail(log);
    }

    /** The last 30 lines of a log file, to explain a failure (also before the server object exists). */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; true when it exited by itself. */
    boolean stop(long graceSeconds) {
        process.toHandle().destroy();
        try {
            if (process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Runs a command, returns its output (stdout and stderr), fails on a non-zero exit. */
    static String run(List<String> command, long timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not end within " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + out.trim());
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(30);
        }
    }
}
