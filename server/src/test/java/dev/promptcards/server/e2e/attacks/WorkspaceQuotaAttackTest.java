package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.net.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One workspace takes every connection and card slot it may have (issue "hostile clients": caps were
 * global, so one workspace could take every slot) against a real {@code serve} process with small
 * quotas: its next connection and its next card are closed with 1013 and a reason naming the quota,
 * refusals hold no slot, and another workspace still connects, loads cards and edits, while
 * {@code /healthz} answers within a second.
 */
class WorkspaceQuotaAttackTest {

    private static final int MAX_CONNECTIONS = 3;
    private static final int MAX_CARDS = 2;
    private static final Duration HOUR = Duration.ofHours(1);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        http.close();
    }

    @Test
    void a_workspace_at_its_quotas_is_refused_with_1013_while_another_workspace_connects_and_edits(
            @TempDir Path dir) throws Exception {
        // --jwt-secret is read as UTF-8: 32 hex characters are the 32 bytes DevTokens signs with
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        DevTokens tokens = new DevTokens(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        String attacker = tokens.mint("mallory", "tenant-a", Role.EDITOR, HOUR);
        String bystander = tokens.mint("bob", "tenant-b", Role.EDITOR, HOUR);
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--jwt-secret", secret,
                "--data-dir", dir.resolve("data").toString(),
                "--max-connections-per-workspace", String.valueOf(MAX_CONNECTIONS),
                "--max-rooms-per-workspace", String.valueOf(MAX_CARDS))) {
            server.awaitHealthy();

            // the attacker loads its quota of cards, then a third card is refused
            WsClient first = joined(server, "tenant-a/a-1", attacker);
            joined(server, "tenant-a/a-2", attacker);
            assertEquals(new WsClient.Closed(1013, "too many cards loaded for workspace tenant-a"),
                    connect(server, "tenant-a/a-3", attacker).closed());
            // and its quota of connections, then the next is refused, again and again
            joined(server, "tenant-a/a-1", attacker);
            for (int i = 0; i < 20; i++) {
                assertEquals(new WsClient.Closed(1013, "too many connections for workspace tenant-a"),
                        connect(server, "tenant-a/a-" + (1 + i % 2), attacker).closed());
            }

            // another workspace is untouched: it connects, loads its quota of cards and edits
            WsClient writer = joined(server, "tenant-b/b-1", bystander);
            WsClient reader = joined(server, "tenant-b/b-1", bystander);
            joined(server, "tenant-b/b-2", bystander);
            writer.send(insert(7, "still editing"));
            assertEquals("still editing", textOnceReceived(reader, "still editing"));
            assertEquals("still editing", textOnceReceived(writer, "still editing"));
            assertHealthyWithinASecond(server);

            // refusals held no slot: one attacker connection gone, exactly one comes back
            first.close();
            joined(server, "tenant-a/a-1", attacker);

            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("promptcards_limit_exceeded_total{limit=\"workspace_connections\"} 20.0\n"),
                    metrics);
            assertTrue(metrics.contains("promptcards_limit_exceeded_total{limit=\"workspace_rooms\"} 1.0\n"),
                    metrics);
            assertTrue(metrics.contains("promptcards_limit_exceeded_total{limit=\"connections\"} 0.0\n"), metrics);
            assertTrue(metrics.contains("promptcards_limit_exceeded_total{limit=\"rooms\"} 0.0\n"), metrics);
        }
    }

    private WsClient connect(ServerProcess server, String card, String token) {
        URI uri = URI.create(server.httpBase().replace("http", "ws") + "/ws/" + card + "?token=" + token);
        WsClient client = WsClient.connect(http, uri);
        clients.add(client);
        return client;
    }

    /** A connection that joined: the server's SyncStep1 arrived. */
    private WsClient joined(ServerProcess server, String card, String token) throws InterruptedException {
        WsClient client = connect(server, card, token);
        Message first = Message.decodeAll(client.next()).getFirst();
        assertInstanceOf(Message.Sync.class, first, () -> card + ": " + first);
        return client;
    }

    /** An update message inserting {@code text} into text "template" of a fresh doc. */
    private static byte[] insert(long clientId, String text) {
        Doc doc = new Doc(clientId);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, text);
        return Message.encode(Message.update(updates.getFirst()));
    }

    /** Applies what {@code client} receives to a fresh doc until its template reads {@code expected}. */
    private static String textOnceReceived(WsClient client, String expected) throws InterruptedException {
        Doc doc = new Doc();
        for (int i = 0; i < 10 && !doc.getText("template").toString().equals(expected); i++) {
            for (Message message : Message.decodeAll(client.next())) {
                if (message instanceof Message.Sync sync) {
                    SyncProtocol.handle(doc, sync.message(), null, false);
                }
            }
        }
        return doc.getText("template").toString();
    }

    private void assertHealthyWithinASecond(ServerProcess server) throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/healthz"))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }
}
