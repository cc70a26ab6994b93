package dev.promptcards.server.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.TestStorage;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PromptcardsServerTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final HttpClient http = HttpClient.newHttpClient();
    private final TestServers servers = new TestServers();
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<WsClient> clients = new ArrayList<>();
    private ServerUnderTest server;

    private ServerUnderTest start(Limits limits) {
        server = ServerUnderTest.start(new ServerConfig("127.0.0.1", 0, limits, servers.verifier(), true,
                "the-dev-token", metrics), storage.storage());
        return server;
    }

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        if (server != null) {
            server.close();
        }
        storage.close();
        http.close();
    }

    private URI ws(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private WsClient connect(String pathAndQuery) {
        WsClient client = WsClient.connect(http, ws(pathAndQuery));
        clients.add(client);
        return client;
    }

    private static byte[] insert(Doc doc, int index, String text) {
        List<byte[]> updates = new ArrayList<>();
        Runnable off = doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("t").insert(index, text);
        off.run();
        return Message.encode(Message.update(updates.getFirst()));
    }

    private static byte[] update(byte[] frame) {
        List<Message> messages = Message.decodeAll(frame);
        assertEquals(1, messages.size());
        Message.Sync sync = assertInstanceOf(Message.Sync.class, messages.getFirst());
        return assertInstanceOf(SyncMessage.Update.class, sync.message()).update();
    }

    @Test
    void listens_on_epoll_when_available_and_answers_healthz() throws Exception {
        start(Limits.defaults());
        assertTrue(server.port() > 0);
        assertEquals(Epoll.isAvailable() ? "epoll" : "nio", server.transport());
        HttpResponse<String> health = get("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
        assertEquals(404, get("/nothing-here").statusCode());
    }

    @Test
    void a_client_syncs_sends_an_update_and_gets_it_back() throws Exception {
        start(Limits.defaults());
        WsClient client = connect("/ws/w/a?token=" + servers.editor);
        assertArrayEquals(Message.encode(SyncProtocol.syncStep1(new Doc())), client.next());
        Doc doc = new Doc(11);
        byte[] sent = insert(doc, 0, "hello");
        client.send(sent);
        Doc replica = new Doc();
        Y.applyUpdate(replica, update(client.next()));
        assertEquals("hello", replica.getText("t").toString());
        assertEquals(1, server.connectionCount());
        assertEquals(1, metrics.connections());
        client.socket().sendClose(1000, "bye").join();
        assertEquals(new WsClient.Closed(1000, ""), client.closed());
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.connections() == 0);
        assertEquals(0, server.connectionCount());
    }

    @Test
    void a_token_in_the_subprotocol_is_accepted_over_a_real_socket() throws Exception {
        start(Limits.defaults());
        WsClient client = WsClient.connect(http, ws("/ws/w/a"), List.of("promptcards.jwt", servers.editor));
        clients.add(client);
        assertEquals("promptcards.jwt", client.socket().getSubprotocol());
        assertArrayEquals(Message.encode(SyncProtocol.syncStep1(new Doc())), client.next());
    }

    @Test
    void a_bad_token_is_seen_by_the_client_as_close_code_4401() throws Exception {
        start(Limits.defaults());
        WsClient client = connect("/ws/w/a?token=nonsense");
        assertEquals(new WsClient.Closed(4401, "malformed token: expected header.payload.signature"),
                client.closed());
    }

    @Test
    void many_senders_in_one_room_lose_and_interleave_nothing() throws Exception {
        start(Limits.defaults());
        int senders = 8;
        int updatesEach = 50;
        List<WsClient> room = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            WsClient client = connect("/ws/w/busy?token=" + servers.editor);
            client.next();
            room.add(client);
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> sending = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                WsClient client = room.get(i);
                Doc doc = new Doc(1000 + i);
                sending.add(pool.submit(() -> {
                    for (int j = 0; j < updatesEach; j++) {
                        client.send(insert(doc, 0, "<" + doc.clientId() + ":" + j + ">"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sending) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        String expected = null;
        for (WsClient client : room) {
            Doc replica = new Doc();
            for (int n = 0; n < senders * updatesEach; n++) {
                Y.applyUpdate(replica, update(client.next()));
            }
            String text = replica.getText("t").toString();
            if (expected == null) {
                expected = text;
            }
            assertEquals(expected, text);
        }
        for (int i = 0; i < senders; i++) {
            for (int j = 0; j < updatesEach; j++) {
                assertTrue(expected.contains("<" + (1000 + i) + ":" + j + ">"), i + ":" + j);
            }
        }
    }

    @Test
    void a_client_that_never_reads_is_disconnected_and_the_others_keep_going() throws Exception {
        start(Limits.defaults().withMessageRate(10_000, 10_000).withMaxOutboundBytes(256 * 1024));
        WsClient slow = WsClient.connectNotReading(http, ws("/ws/w/slow?token=" + servers.editor));
        clients.add(slow);
        WsClient writer = connect("/ws/w/slow?token=" + servers.editor);
        writer.next();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionCount() == 2);
        Doc doc = new Doc(5);
        String chunk = "s".repeat(64 * 1024);
        int sent = 0;
        while (server.connectionCount() == 2) {
            assertTrue(sent < 2000, "the slow reader was never disconnected");
            writer.send(insert(doc, 0, chunk));
            update(writer.next());
            sent++;
        }
        assertEquals(1, server.connectionCount());
        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"outbound_bytes\"} 1.0\n"),
                metrics.scrape());
        writer.send(insert(new Doc(6), 0, "still here"));
        Doc replica = new Doc();
        Y.applyUpdate(replica, update(writer.next()));
        assertEquals("still here", replica.getText("t").toString());
    }

    @Test
    void close_says_1001_to_every_client_and_stops_listening() throws Exception {
        start(Limits.defaults());
        WsClient one = connect("/ws/w/a?token=" + servers.editor);
        WsClient two = connect("/ws/w/b?token=" + servers.editor);
        one.next();
        two.next();
        int port = server.port();
        server.close();
        assertEquals(new WsClient.Closed(1001, "server shutting down"), one.closed());
        assertEquals(new WsClient.Closed(1001, "server shutting down"), two.closed());
        assertThrows(ConnectException.class, () -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void a_port_in_use_fails_to_start() {
        start(Limits.defaults());
        ServerConfig taken = new ServerConfig("127.0.0.1", server.port(), Limits.defaults(),
                servers.verifier(), false, null, metrics);
        assertThrows(UncheckedIOException.class, () -> ServerUnderTest.start(taken, storage.storage()));
    }
}
