package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.server.net.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** What the network attack tests check around the attack: the health endpoint, a bystander's edits, a card's text. */
final class NetProbes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private NetProbes() {
    }

    /**
     * A random HS256 secret for {@code serve --jwt-secret}: 32 hex digits, whose 32 UTF-8 bytes are the key, as
     * {@code DevTokens} takes it.
     */
    static String randomSecret() {
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** /healthz answers 200 within a second (the request's timeout). */
    static void assertHealthzWithinASecond(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/healthz")).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    /** An update message inserting {@code text} at the start of text "t" of a fresh doc with this client id. */
    static byte[] insert(long clientId, String text) {
        Doc doc = new Doc(clientId);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("t").insert(0, text);
        return Message.encode(Message.update(updates.getFirst()));
    }

    /** A client on {@code workspace/card} sends an edit and gets it back from the server. */
    static void assertBystanderEdits(int port, String workspace, String card, String token, long clientId)
            throws Exception {
        try (WsClient client = WsClient.connect(HTTP, uri(port, workspace, card, token))) {
            client.next(); // the server's SyncStep1
            client.send(insert(clientId, "bystander " + clientId));
            assertEquals("bystander " + clientId, textOf(List.of(client.next())));
        }
    }

    /** The text "t" of a card as a new client syncs it. */
    static String cardText(int port, String workspace, String card, String token) throws Exception {
        try (WsClient client = WsClient.connect(HTTP, uri(port, workspace, card, token))) {
            client.next(); // the server's SyncStep1
            client.send(Message.encode(Message.syncStep1(Y.encodeStateVector(new Doc()))));
            byte[] step2 = client.next();
            Message.Sync sync = assertInstanceOf(Message.Sync.class, Message.decodeAll(step2).getFirst());
            assertInstanceOf(SyncMessage.SyncStep2.class, sync.message());
            return textOf(List.of(step2));
        }
    }

    private static String textOf(List<byte[]> frames) {
        Doc doc = new Doc();
        for (byte[] frame : frames) {
            for (Message message : Message.decodeAll(frame)) {
                SyncProtocol.handle(doc, assertInstanceOf(Message.Sync.class, message).message(), null, false);
            }
        }
        return doc.getText("t").toString();
    }

    private static URI uri(int port, String workspace, String card, String token) {
        return URI.create("ws://127.0.0.1:" + port + "/ws/" + workspace + "/" + card + "?token=" + token);
    }
}
