package dev.promptcards.loadtests.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node of the cross-node reference: {@code node hocuspocus-server.mjs} (load-tests/src/main/js),
 * Hocuspocus 3.4.4 with its Redis extension on the given Redis, no persistence, no authentication hook.
 * Hocuspocus multiplexes documents over one WebSocket: each message starts with the document's name and
 * a document is opened with an authentication message, so the bench's clients speak its
 * {@link BenchClient.Framing#HOCUSPOCUS framing} to it.
 */
final class HocuspocusServer extends BenchServer {

    private HocuspocusServer(Process process, Path log, int port, Map<String, String> versions) {
        super(process, log, port, versions);
    }

    /**
     * Starts it on a free port and waits for the line saying it listens.
     *
     * @param jsDir the folder of hocuspocus-server.mjs with its node_modules installed
     * @param redisPort the Redis on 127.0.0.1 its extension connects to
     * @param workDir where the log goes
     * @param name a name for the log file
     * @param pinning the CPU it runs on
     */
    static HocuspocusServer start(Path jsDir, int redisPort, Path workDir, String name, CpuPinning pinning)
            throws IOException {
        Path log = workDir.resolve(name + ".log");
        ReferenceServer.Started started = ReferenceServer.startNode(jsDir, List.of("hocuspocus-server.mjs"),
                Map.of("HOST", "127.0.0.1", "PORT", "0", "REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(redisPort)),
                List.of(), log, pinning);
        Map<?, ?> v = started.versions();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("server", "@hocuspocus/server " + v.get("@hocuspocus/server") + " with @hocuspocus/extension-redis "
                + v.get("@hocuspocus/extension-redis") + " (ioredis " + v.get("ioredis") + ")");
        versions.put("node", String.valueOf(v.get("node")));
        versions.put("yjs", String.valueOf(v.get("yjs")));
        return new HocuspocusServer(started.process(), log, started.port(), versions);
    }

    @Override
    Side side() {
        return Side.REFERENCE;
    }

    @Override
    BenchClient.Framing framing() {
        return BenchClient.Framing.HOCUSPOCUS;
    }

    /** Any path: the document is named in each message (the provider connects to the server's base URL). */
    @Override
    URI cardUri(String card, String token) {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    /** Not measured in the cross-node scenario (its steady load reads RSS, not the heap). */
    @Override
    double heapAfterGcBytes() {
        return Double.NaN;
    }
}
