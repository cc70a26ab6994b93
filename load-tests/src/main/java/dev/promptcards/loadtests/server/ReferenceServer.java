package dev.promptcards.loadtests.server;

import dev.promptcards.crdt.lib0.JsJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The reference: {@code node --expose-gc reference-server.mjs} (load-tests/src/main/js), the
 * {@code @y/websocket-server} 0.1.1 package's own setup with Yjs 13.6.33, no persistence. It keeps
 * every document in memory and runs no database.
 */
final class ReferenceServer extends BenchServer {

    /** HTTP/1.1 only: an h2c upgrade request would go to the server's WebSocket upgrade handler. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private ReferenceServer(Process process, Path log, int port, Map<String, String> versions) {
        super(process, log, port, versions);
    }

    /**
     * Starts it on a free port and waits for the line saying it listens.
     *
     * @param jsDir the folder of reference-server.mjs with its node_modules installed
     * @param workDir where the log goes
     * @param name a name for the log file
     */
    static ReferenceServer start(Path jsDir, Path workDir, String name) throws IOException {
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", "--expose-gc", "reference-server.mjs")
                .directory(jsDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", "0");
        builder.environment().remove("YPERSISTENCE");
        builder.environment().remove("CALLBACK_URL");
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the reference server started", e);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("node reference-server.mjs did not say it listens; its log:\n" + tail(log));
        }
        // anything else it prints goes to the log too
        Thread.ofPlatform().daemon().name("reference-server-output").start(() -> {
            try (Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    w.write(l + "\n");
                    w.flush();
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        Map<?, ?> hello = (Map<?, ?>) JsJson.parse(line);
        int port = ((Number) hello.get("port")).intValue();
        Map<String, String> versions = new LinkedHashMap<>();
        Map<?, ?> v = (Map<?, ?>) hello.get("versions");
        versions.put("server", "@y/websocket-server " + v.get("@y/websocket-server"));
        versions.put("node", String.valueOf(v.get("node")));
        versions.put("yjs", String.valueOf(v.get("yjs")));
        versions.put("y-protocols", String.valueOf(v.get("y-protocols")));
        versions.put("lib0", String.valueOf(v.get("lib0")));
        versions.put("ws", String.valueOf(v.get("ws")));
        return new ReferenceServer(process, log, port, versions);
    }

    @Override
    Side side() {
        return Side.REFERENCE;
    }

    @Override
    double heapAfterGcBytes() throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/bench/memory")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Map<?, ?> memory = (Map<?, ?>) JsJson.parse(response.body());
            return ((Number) memory.get("heapUsed")).doubleValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
