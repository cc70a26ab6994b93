package dev.promptcards.server.cli;

import dev.promptcards.runner.provider.ProviderSettings;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.LimitNames;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.testing.FrameRecorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the server {@code serve} runs (in this JVM, on a real PostgreSQL): the JVM,
 * process, Netty allocator and connection pool meters beside the server's own, the latency histograms
 * once an update went through, refusals by close code, every limit from the start.
 */
class MetricsEndpointTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();
    private Authentication auth;
    private RunningServer running;

    @TempDir
    Path dataDir;

    @BeforeEach
    void start() {
        ServeSettings settings = new ServeSettings("127.0.0.1", 0, 0, true, dataDir,
                DB.config().jdbcUrl(), DB.config().user(), DB.config().password(), null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL, null, null,
                Limits.defaults(), UpdateLogSettings.defaults(), null, null,
                dataDir.resolve("spill"), null, ProviderSettings.defaults(), null, null, null);
        auth = Authentication.of(settings);
        running = RunningServer.start(settings, auth, new PrintWriter(new StringWriter()));
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        running.close();
        http.close();
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(URI.create(running.httpUrl() + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reply.statusCode(), reply.body());
        return reply.body();
    }

    /** True if a line of the scrape matches {@code regex} whole. */
    private static boolean hasLine(String scrape, String regex) {
        return Pattern.compile("^" + regex + "$", Pattern.MULTILINE).matcher(scrape).find();
    }

    private FrameRecorder connect(String token) {
        FrameRecorder recorder = new FrameRecorder();
        sockets.add(http.newWebSocketBuilder()
                .buildAsync(URI.create(running.webSocketBase() + "/dev/metered?token=" + token), recorder)
                .join());
        return recorder;
    }

    private static byte[] edit(String text) {
        Doc doc = new Doc(5);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, text);
        return Message.encode(Message.update(updates.getFirst()));
    }

    @Test
    void a_fresh_server_shows_the_jvm_process_allocator_and_pool_meters() throws Exception {
        String scrape = scrape();

        assertTrue(hasLine(scrape, "jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} \\S+"), scrape);
        assertTrue(hasLine(scrape, "jvm_gc_live_data_size_bytes \\S+"), scrape);
        assertTrue(hasLine(scrape, "jvm_threads_live_threads \\S+"), scrape);
        assertTrue(hasLine(scrape, "jvm_classes_loaded_classes \\S+"), scrape);
        assertTrue(hasLine(scrape, "jvm_info\\{.*} 1"), scrape);
        assertTrue(hasLine(scrape, "process_cpu_usage \\S+"), scrape);
        assertTrue(hasLine(scrape, "process_uptime_seconds \\S+"), scrape);
        assertTrue(hasLine(scrape, "process_files_open_files \\S+"), scrape);
        assertTrue(hasLine(scrape, "netty_allocator_memory_used\\{allocator_type=\"AdaptiveByteBufAllocator\","
                + "id=\"\\d+\",memory_type=\"direct\"} \\S+"), scrape);
        assertTrue(hasLine(scrape, "hikaricp_connections\\{pool=\"promptcards-db\"} [1-9]\\S*"), scrape);
        assertTrue(hasLine(scrape, "hikaricp_connections_max\\{pool=\"promptcards-db\"} \\S+"), scrape);
    }

    @Test
    void every_limit_is_there_at_zero_before_any_is_hit() throws Exception {
        String scrape = scrape();

        for (String limit : List.of("frame_size", "card_size", "awareness_clients", "message_rate",
                "outbound_bytes", "handshake_timeout", "rooms", "connections", "storage_backlog")) {
            assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"" + limit + "\"} 0.0\n"),
                    limit + "\n" + scrape);
        }
        assertEquals(LimitNames.ALL.size(),
                scrape.lines().filter(line -> line.startsWith("promptcards_limit_exceeded_total{")).count(),
                scrape);
    }

    @Test
    void an_update_is_timed_once_stored_and_once_fanned_out() throws Exception {
        FrameRecorder writer = connect(auth.devToken());
        FrameRecorder reader = connect(auth.devToken());
        await().until(() -> writer.frames.size() == 1 && reader.frames.size() == 1);

        sockets.getFirst().sendBinary(ByteBuffer.wrap(edit("timed")), true).join();
        // the reader gets the update at once, the writer its echo once stored
        await().until(() -> reader.frames.size() == 2 && writer.frames.size() == 2);

        await().untilAsserted(() -> {
            String scrape = scrape();
            assertTrue(scrape.contains("promptcards_storage_commit_seconds_count 1\n"), scrape);
            assertTrue(hasLine(scrape, "promptcards_storage_commit_seconds_bucket\\{le=\"0\\.01\"} [01]"), scrape);
            assertTrue(scrape.contains("promptcards_storage_commit_seconds_bucket{le=\"+Inf\"} 1\n"), scrape);
            assertTrue(scrape.contains("promptcards_fanout_seconds_count 1\n"), scrape);
            assertTrue(hasLine(scrape, "promptcards_fanout_seconds_bucket\\{le=\"1\\.0E-4\"} [01]"), scrape);
            assertTrue(scrape.contains("promptcards_fanout_seconds_bucket{le=\"+Inf\"} 1\n"), scrape);
        });
    }

    @Test
    void a_bad_token_is_counted_as_refused_with_4401_and_closed_with_4401() throws Exception {
        assertTrue(scrape().contains("promptcards_connections_refused_total{code=\"4401\"} 0.0\n"));

        FrameRecorder refused = connect("not-a-jwt");
        assertEquals(4401, refused.closeCode.join());

        await().untilAsserted(() -> {
            String scrape = scrape();
            assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"4401\"} 1.0\n"), scrape);
            assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"4403\"} 0.0\n"), scrape);
            assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"1013\"} 0.0\n"), scrape);
            assertTrue(scrape.contains("promptcards_connections_closed_total{code=\"4401\"} 1.0\n"), scrape);
        });
    }
}
