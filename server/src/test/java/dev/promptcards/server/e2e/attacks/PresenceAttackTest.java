package dev.promptcards.server.e2e.attacks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.presence.Awareness;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.NodeTests;
import dev.promptcards.server.e2e.ProcessOutput;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.net.WsClient;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's presence attacks replayed against a real {@code serve} process with its default presence bounds:
 * 40 awareness states of 3.5 MB, a viewer taking over a stock client's presence (overwriting, removing it,
 * setting its clock to 2^53 - 1), 10,000 made-up client ids from one connection, and 128 connections of one
 * viewer token filling the card's awareness bytes. Each time the attacker is closed with 4413 or its entries
 * dropped, the heap stays bounded, and the others keep working.
 */
class PresenceAttackTest {

    private static final String WORKSPACE = "acme";
    private static final long MAX_CLOCK = (1L << 53) - 1;

    @TempDir
    static Path dir;

    private static ServerProcess server;
    private static DevTokens tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<WsClient> clients = new ArrayList<>();
    private Process victim;

    @BeforeAll
    static void startServer() {
        byte[] bytes = new byte[16]; // 32 hex digits: the 32 bytes both sides take
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        tokens = new DevTokens(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        server = ServerProcess.start(dir, Map.of(), "--port", "0", "--jwt-secret", secret,
                "--data-dir", dir.resolve("data").toString());
        server.awaitHealthy();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        clients.forEach(WsClient::close);
        if (victim != null) {
            victim.destroy();
            victim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private URI cardUri(String card, Role role) {
        return cardUri(card, tokens.mint("user-" + role, WORKSPACE, role, Duration.ofHours(1)));
    }

    private static URI cardUri(String card, String token) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws/" + WORKSPACE + "/" + card + "?token=" + token);
    }

    /** A raw client on the card, its SyncStep1 read. */
    private WsClient join(String card, Role role) throws InterruptedException {
        return join(cardUri(card, role));
    }

    /** A raw client on the card with the token given, its SyncStep1 read. */
    private WsClient join(String card, String token) throws InterruptedException {
        return join(cardUri(card, token));
    }

    private WsClient join(URI uri) throws InterruptedException {
        WsClient client = WsClient.connect(HTTP, uri);
        clients.add(client);
        Message first = Message.decodeAll(client.next()).getFirst();
        assertTrue(first instanceof Message.Sync, "SyncStep1 first");
        return client;
    }

    /** An awareness frame setting the state {@code json} of each client given, at clock 1. */
    private static byte[] awarenessFrame(List<Long> clientIds, String json) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(clientIds.size());
        for (long client : clientIds) {
            encoder.writeVarUint(client);
            encoder.writeVarUint(1);
            encoder.writeVarString(json);
        }
        return Message.encode(new Message.Awareness(encoder.toByteArray()));
    }

    private static byte[] awarenessFrame(long client, long clock, String json) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(1);
        encoder.writeVarUint(client);
        encoder.writeVarUint(clock);
        encoder.writeVarString(json);
        return Message.encode(new Message.Awareness(encoder.toByteArray()));
    }

    /** Reads frames until an awareness update whose states satisfy {@code until}; returns them. */
    private static Awareness awaitAwareness(WsClient client, Predicate<Awareness> until) throws InterruptedException {
        Awareness seen = new Awareness(() -> 0L);
        while (true) {
            for (Message message : Message.decodeAll(client.next())) {
                if (message instanceof Message.Awareness update) {
                    seen.applyUpdate(update.update());
                    if (until.test(seen)) {
                        return seen;
                    }
                }
            }
        }
    }

    /** The editor inserts text and reads its echo (sent once stored): it still works. */
    private static void assertEditEchoes(WsClient editor, long clientId, String text) throws InterruptedException {
        Doc doc = new Doc(clientId);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, text);
        editor.send(Message.encode(Message.update(updates.getFirst())));
        Doc echoed = new Doc();
        while (!echoed.getText("template").toString().contains(text)) {
            for (Message message : Message.decodeAll(editor.next())) {
                if (message instanceof Message.Sync sync && sync.message().changesDocument()) {
                    Y.applyUpdate(echoed, sync.message().payload());
                }
            }
        }
    }

    private static void assertHealthyWithinASecond() throws IOException, InterruptedException {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/healthz"))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
    }

    private static double limitCount(String limit) throws IOException, InterruptedException {
        String name = "promptcards_limit_exceeded_total{limit=\"" + limit + "\"} ";
        return server.get("/metrics").body().lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    @Test
    void forty_states_of_3_5_mb_are_refused_and_the_heap_stays_bounded() throws Exception {
        WsClient editor = join("big-states", Role.EDITOR);
        editor.send(awarenessFrame(501, 1, "{\"user\":{\"name\":\"Ada\"}}"));
        awaitAwareness(editor, seen -> seen.stateJson(501).isPresent());
        WsClient elsewhere = join("other-card", Role.EDITOR);
        long heapBefore = HeapProbe.liveHeapBytes(server.pid());

        WsClient attacker = join("big-states", Role.VIEWER);
        String big = "\"" + "x".repeat(3_500_000) + "\"";
        for (int i = 0; i < 40 && !attacker.isClosed(); i++) {
            try {
                attacker.send(awarenessFrame(1_000 + i, 1, big));
            } catch (RuntimeException closedMeanwhile) {
                break;
            }
        }

        assertEquals(new WsClient.Closed(4413, "awareness state too big"), attacker.closed());
        long heapAfter = HeapProbe.liveHeapBytes(server.pid());
        System.out.printf("heap after a full GC: %d KiB before the attack, %d KiB after%n", heapBefore >> 10,
                heapAfter >> 10);
        assertTrue(heapAfter - heapBefore < 24L << 20,
                "heap grew from " + heapBefore + " to " + heapAfter + " bytes");
        assertEquals(1.0, limitCount("awareness_state_bytes"));
        assertEditEchoes(editor, 11, "the editor on the card still edits");
        assertEditEchoes(elsewhere, 12, "so does one on another card");
        WsClient newcomer = join("big-states", Role.EDITOR);
        Awareness seen = awaitAwareness(newcomer, states -> states.stateJson(501).isPresent());
        assertEquals(Optional.empty(), seen.stateJson(1_000), "no state of the attacker's");
        assertEditEchoes(newcomer, 13, "and a new editor too");
        assertHealthyWithinASecond();
    }

    @Test
    void a_viewer_cannot_overwrite_remove_or_poison_the_clock_of_a_stock_clients_presence() throws Exception {
        String card = "victim-card";
        join(card, Role.EDITOR).close(); // creates the card
        ProcessBuilder builder = new ProcessBuilder("node", "presence-victim.mjs")
                .directory(NodeTests.directory().toFile())
                .redirectErrorStream(true);
        builder.environment().put("CARD_URL_BASE", "ws://127.0.0.1:" + server.port() + "/ws/" + WORKSPACE);
        builder.environment().put("CARD", card);
        builder.environment().put("TOKEN", tokens.mint("victim", WORKSPACE, Role.EDITOR, Duration.ofHours(1)));
        victim = builder.start();
        ProcessOutput output = ProcessOutput.of(victim, "presence-victim");
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("ready "));
        long victimId = Long.parseLong(output.toString().lines().filter(line -> line.startsWith("ready "))
                .findFirst().orElseThrow().substring("ready ".length()).trim());
        WsClient attacker = join(card, Role.VIEWER);
        awaitAwareness(attacker, seen -> seen.stateJson(victimId).isPresent());

        attacker.send(awarenessFrame(victimId, MAX_CLOCK, "{\"user\":{\"name\":\"Mallory\",\"color\":\"url(x)\"}}"));
        attacker.send(awarenessFrame(victimId, MAX_CLOCK, "null"));
        attacker.send(awarenessFrame(victimId, 5, "null"));
        attacker.send(awarenessFrame(4_242, 1, "{\"user\":{\"name\":\"viewer\"}}"));
        awaitAwareness(attacker, seen -> seen.stateJson(4_242).isPresent());

        OutputStream stdin = victim.getOutputStream();
        stdin.write("move\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String moved = "state 2 {\"user\":{\"name\":\"Victim\",\"color\":\"#30bced\"},\"cursor\":1}";
        await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains(moved));
        WsClient observer = join(card, Role.EDITOR);
        Awareness seen = awaitAwareness(observer, states -> states.clock(victimId) == 2);
        assertEquals(Optional.of("{\"user\":{\"name\":\"Victim\",\"color\":\"#30bced\"},\"cursor\":1}"),
                seen.stateJson(victimId));
        assertFalse(output.toString().contains("touched"), output::toString);
        assertFalse(output.toString().contains("closed"), output::toString);
        assertFalse(attacker.isClosed(), "entries for others' ids are dropped, not closed");
        assertEquals(3.0, server.metric("promptcards_awareness_foreign_updates_total"));
        assertHealthyWithinASecond();
    }

    @Test
    void ten_thousand_made_up_ids_from_one_connection_are_refused_and_new_editors_still_join() throws Exception {
        String card = "fake-ids";
        WsClient attacker = join(card, Role.EDITOR);
        Encoder fake = new Encoder();
        fake.writeVarUint(10_000);
        for (int client = 1; client <= 10_000; client++) {
            fake.writeVarUint(client);
            fake.writeVarUint(1);
            fake.writeVarString("null");
        }

        attacker.send(Message.encode(new Message.Awareness(fake.toByteArray())));

        assertEquals(new WsClient.Closed(4413, "too many awareness client ids for one connection"), attacker.closed());
        assertEquals(1.0, limitCount("awareness_clients_per_connection"));
        for (int i = 0; i < 5; i++) {
            long id = 20_000 + i;
            WsClient editor = join(card, Role.EDITOR);
            editor.send(awarenessFrame(id, 1, "{\"user\":{\"name\":\"editor " + i + "\"}}"));
            awaitAwareness(editor, seen -> seen.stateJson(id).isPresent());
            assertFalse(editor.isClosed());
        }
        assertEditEchoes(clients.getLast(), 21, "the last one edits");
        assertHealthyWithinASecond();
    }

    @Test
    void many_connections_of_one_viewer_token_cannot_fill_a_cards_presence_and_a_new_editor_is_still_relayed()
            throws Exception {
        String card = "one-token-crowd";
        WsClient bystander = join(card, tokens.mint("bob", WORKSPACE, Role.EDITOR, Duration.ofHours(1)));
        String mallory = tokens.mint("mallory", WORKSPACE, Role.VIEWER, Duration.ofHours(1));
        // the default bounds: 4 ids of 8 KiB per connection, 4 MiB per card, 512 KiB per token subject. 128
        // connections of one token, far within a workspace's 2,000, filled the card exactly and every newcomer
        // that would grow it was closed; now the 17th connection is past the subject's share
        String full = "\"" + "x".repeat(8_190) + "\"";
        int kept = 16;
        for (int i = 0; i < 128; i++) {
            WsClient attacker = join(card, mallory);
            List<Long> ids = List.of(3_000L + 4 * i, 3_001L + 4 * i, 3_002L + 4 * i, 3_003L + 4 * i);
            attacker.send(awarenessFrame(ids, full));
            if (i < kept) {
                awaitAwareness(attacker, seen -> seen.stateJson(ids.getLast()).isPresent());
            } else {
                assertEquals(new WsClient.Closed(4413, "awareness states too big for one token subject"),
                        attacker.closed(), "connection " + i);
            }
        }

        WsClient newcomer = join(card, tokens.mint("ada", WORKSPACE, Role.EDITOR, Duration.ofHours(1)));
        newcomer.send(awarenessFrame(501, 1, "{\"user\":{\"name\":\"Ada\"}}"));

        Awareness relayed = awaitAwareness(bystander, seen -> seen.stateJson(501).isPresent());
        assertEquals(Optional.of("{\"user\":{\"name\":\"Ada\"}}"), relayed.stateJson(501));
        assertEquals(kept * 4 + 1, relayed.clientsWithState().size(), "the attacker's share and Ada's");
        assertFalse(newcomer.isClosed());
        assertEquals(128.0 - kept, limitCount("awareness_bytes_per_subject"));
        assertEquals(0.0, limitCount("awareness_bytes"));
        assertEditEchoes(newcomer, 31, "the new editor edits");
        assertEditEchoes(bystander, 32, "and so does the bystander");
        assertHealthyWithinASecond();
    }
}
