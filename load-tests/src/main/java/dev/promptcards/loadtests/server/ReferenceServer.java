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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
     * @param pinning the CPU it runs on
     */
    static ReferenceServer start(Path jsDir, Path workDir, String name, CpuPinning pinning) throws IOException {
        Path log = workDir.resolve(name + ".log");
        Started started = startNode(jsDir, List.of("--expose-gc", "reference-server.mjs"),
                Map.of("HOST", "127.0.0.1", "PORT", "0"), List.of("YPERSISTENCE", "CALLBACK_URL"), log, pinning);
        Map<String, String> versions = new LinkedHashMap<>();
        Map<?, ?> v = started.versions();
        versions.put("server", "@y/websocket-server " + v.get("@y/websocket-server"));
        versions.put("node", String.valueOf(v.get("node")));
        versions.put("yjs", String.valueOf(v.get("yjs")));
        versions.put("y-protocols", String.valueOf(v.get("y-protocols")));
        versions.put("lib0", String.valueOf(v.get("lib0")));
        versions.put("ws", String.valueOf(v.get("ws")));
        return new ReferenceServer(started.process(), log, started.port(), versions);
    }

    /** A Node server that said it listens: its process, port and the versions it reported. */
    record Started(Process process, int port, Map<?, ?> versions) {}

    /**
     * Starts {@code node ARGS} in {@code jsDir} and waits for its first stdout line, the JSON
     * {@code {"port": N, "versions": {...}}} the bench's Node servers print once listening; what it
     * prints after that, and its stderr, go to {@code log}. It runs on the pinning's server CPU.
     */
    static Started startNode(Path jsDir, List<String> args, Map<String, String> env, List<String> unset, Path log,
            CpuPinning pinning) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(pinning.serverCommand(command))
                .directory(jsDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        unset.forEach(builder.environment()::remove);
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
            throw new IOException("interrupted while " + String.join(" ", command) + " started", e);
        } catch (ExecutionException | TimeoutException e) {
            line = null;
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not say it listens; its log:\n" + tail(log));
        }
        // anything else it prints goes to the log too
        Thread.ofPlatform().daemon().name("node-server-output").start(() -> {
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
        return new Started(process, ((Number) hello.get("port")).intValue(), (Map<?, ?>) hello.get("versions"));
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
