package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.promptcards.server.tls.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The listener over TLS on a real socket, with a self-signed certificate made for the test. */
class TlsListenerTest {

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    @TempDir
    static Path dir;
    private static TestCertificates certificates;

    private final TestStorage storage = TestStorage.open(DB);
    private final TestServers servers = new TestServers();
    private final List<WsClient> clients = new ArrayList<>();
    private ServerUnderTest server;
    private HttpClient https;

    @BeforeAll
    static void certificate() {
        certificates = TestCertificates.ec(dir, "server");
    }

    private void start() {
        server = ServerUnderTest.start(new ServerConfig("127.0.0.1", 0, Limits.defaults(), servers.verifier(),
                true, "the-dev-token", new ServerMetrics(), certificates.files().load()), storage.storage());
        https = HttpClient.newBuilder().sslContext(certificates.trustingContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(WsClient::close);
        if (server != null) {
            server.close();
        }
        if (https != null) {
            https.close();
        }
        storage.close();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private WsClient connect(String card) {
        WsClient client = WsClient.connect(https,
                URI.create("wss://127.0.0.1:" + server.port() + "/ws/w/" + card + "?token=" + servers.editor));
        clients.add(client);
        return client;
    }

    private static byte[] insert(Doc doc, String text) {
        List<byte[]> updates = new ArrayList<>();
        Runnable off = doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("t").insert(0, text);
        off.run();
        return Message.encode(Message.update(updates.getFirst()));
    }

    /** Sends an update and checks that it comes back (the server echoes it to its sender once stored). */
    private static void assertEchoed(WsClient client, String text) throws Exception {
        client.send(insert(new Doc(), text));
        Message.Sync sync = assertInstanceOf(Message.Sync.class, Message.decodeAll(client.next()).getFirst());
        Doc replica = new Doc();
        Y.applyUpdate(replica, assertInstanceOf(SyncMessage.Update.class, sync.message()).update());
        assertEquals(text, replica.getText("t").toString());
    }

    @Test
    void client_config_names_the_api_over_https() throws Exception {
        server = ServerUnderTest.start(new ServerConfig("127.0.0.1", 0, Limits.defaults(), servers.verifier(),
                false, null, new ServerMetrics(), certificates.files().load(), 9443), storage.storage());
        https = HttpClient.newBuilder().sslContext(certificates.trustingContext())
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = get(https, "/client-config.json");

        assertEquals(200, response.statusCode());
        assertEquals("{\"apiUrl\":\"https://127.0.0.1:9443/api/v1\",\"providers\":[]}", response.body());
    }

    @Test
    void healthz_and_metrics_answer_over_https_with_hsts() throws Exception {
        start();

        HttpResponse<String> health = get(https, "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("ok", health.body());
        assertEquals("max-age=86400", health.headers().firstValue("strict-transport-security").orElseThrow());
        assertEquals("nosniff", health.headers().firstValue("x-content-type-options").orElseThrow());
        HttpResponse<String> metrics = get(https, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("promptcards_connections "), metrics.body());
    }

    @Test
    void the_editor_page_over_https_names_the_wss_url() throws Exception {
        start();

        HttpResponse<String> page = get(https, "/w/w/c/a");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<meta name=\"promptcards-ws\" content=\"wss://127.0.0.1:" + server.port()
                + "/ws\">"), page.body());
        assertTrue(page.headers().firstValue("content-security-policy").orElseThrow()
                .endsWith("frame-ancestors 'self'"));
    }

    @Test
    void a_client_syncs_over_wss() throws Exception {
        start();
        WsClient client = connect("a");

        assertArrayEquals(Message.encode(SyncProtocol.syncStep1(new Doc())), client.next());
        assertEchoed(client, "over TLS");
    }

    @Test
    void plain_http_on_the_tls_port_closes_that_connection_only() throws Exception {
        start();
        WsClient client = connect("b");
        client.next(); // SyncStep1

        try (Socket plain = new Socket("127.0.0.1", server.port())) {
            plain.setSoTimeout(10_000);
            OutputStream out = plain.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = plain.getInputStream();
            byte[] answer = in.readAllBytes(); // until the server closes
            assertFalse(new String(answer, StandardCharsets.ISO_8859_1).contains("HTTP/1.1"),
                    "a plain HTTP answer on the TLS port");
        }

        assertEchoed(client, "still here");
        assertEquals(200, get(https, "/healthz").statusCode());
    }

    @Test
    void a_client_that_does_not_trust_the_certificate_is_refused_and_others_go_on() throws Exception {
        start();
        WsClient client = connect("c");
        client.next(); // SyncStep1

        try (HttpClient untrusting = HttpClient.newHttpClient()) {
            IOException refused = assertThrows(IOException.class, () -> get(untrusting, "/healthz"));
            assertInstanceOf(SSLHandshakeException.class, refused, refused.toString());
        }

        assertEchoed(client, "unaffected");
    }
}
