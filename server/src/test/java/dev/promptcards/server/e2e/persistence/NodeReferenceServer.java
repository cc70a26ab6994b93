package dev.promptcards.server.e2e.persistence;

import static org.awaitility.Awaitility.await;

import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ProcessOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Node reference server, {@code @y/websocket-server} 0.1.1 (pinned in server/src/test/js, as in
 * load-tests for {@code ./promptcards bench server}), run by its own bin
 * ({@code node_modules/@y/websocket-server/src/server.js}): rooms are the URL's path, the token in
 * the query is ignored (it has no authentication), no persistence ({@code YPERSISTENCE} unset).
 * {@link #close()} kills it.
 */
final class NodeReferenceServer implements AutoCloseable {

    private static final String BIN = "node_modules/@y/websocket-server/src/server.js";

    private final Process process;
    private final int port;
    private final ProcessOutput output;

    private NodeReferenceServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.output = ProcessOutput.of(process, "reference-server-output");
    }

    /** Starts it on a free port of 127.0.0.1 and waits until it says it listens. */
    static NodeReferenceServer start() {
        Path dir = NodeTests.directory();
        if (!Files.isRegularFile(dir.resolve(BIN))) {
            throw new IllegalStateException(dir.resolve(BIN) + " is missing: the Maven build installs"
                    + " server/src/test/js/node_modules (build-tools/npm-ci.sh); or run `npm ci` in " + dir + ".");
        }
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder("node", BIN)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().remove("YPERSISTENCE");
        builder.environment().remove("CALLBACK_URL");
        NodeReferenceServer server;
        try {
            server = new NodeReferenceServer(builder.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the bin prints "running at '127.0.0.1' on port N" once it listens
        await("the Node reference server to listen").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!server.process.isAlive()) {
                        throw new AssertionError("the Node reference server exited with "
                                + server.process.exitValue() + ":\n" + server.output());
                    }
                    return server.output().contains("running at");
                });
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** http://127.0.0.1:PORT: the clients' ws://127.0.0.1:PORT/ws/WORKSPACE/CARD is a room there. */
    String httpBase() {
        return "http://127.0.0.1:" + port;
    }

    /** Everything it printed so far. */
    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
