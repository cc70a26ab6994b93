package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.server.auth.DevTokens;
import dev.promptcards.server.auth.Role;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.net.WsClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/** What the update attack tests share: tokens, joining a card, a bystander's edit, the health probe. */
final class UpdateAttackKit {

    static final String WORKSPACE = "acme";

    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String secret;
    private final DevTokens tokens;

    UpdateAttackKit() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        secret = HexFormat.of().formatHex(random);
        // the server reads --jwt-secret as the UTF-8 bytes of the string (JwtTokenVerifier.hs256)
        tokens = new DevTokens(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    }

    /** The value of {@code serve --jwt-secret}. */
    String secret() {
        return secret;
    }

    /** An editor connected to {@code card}, its SyncStep1 from the server read. */
    WsClient join(ServerProcess server, String card, String subject) throws InterruptedException {
        WsClient client = connect(server, card, subject);
        byte[] first = client.next();
        assertEquals(0, first[0]);
        assertEquals(0, first[1]);
        return client;
    }

    /** An editor connected to {@code card}, nothing read yet (the card may still be loading). */
    WsClient connect(ServerProcess server, String card, String subject) {
        String token = tokens.mint(subject, WORKSPACE, Role.EDITOR, Duration.ofHours(1));
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws/" + WORKSPACE + "/" + card + "?token=" + token);
        return WsClient.connect(http, uri);
    }

    /**
     * A bystander types on its card and gets its edit back (the server's echo, sent once stored): the
     * card still works for it.
     */
    static void editEchoes(WsClient bystander, long clientId, String text) throws InterruptedException {
        Doc doc = new Doc(clientId);
        doc.getText("template").insert(0, text);
        bystander.send(frame(Y.encodeStateAsUpdate(doc)));
        byte[] message;
        do {
            message = bystander.next();
        } while (!(message[0] == 0 && message[1] == 2));
    }

    /** GET /healthz must answer 200 within one second. */
    void healthzWithinOneSecond(ServerProcess server) throws Exception {
        HttpResponse<String> response = probe.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/healthz"))
                .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    /** {@code [sync, update, varUint8Array(update)]}. */
    static byte[] frame(byte[] update) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(update.length + 8);
        out.write(0);
        out.write(2);
        writeVarUint(out, update.length);
        out.writeBytes(update);
        return out.toByteArray();
    }

    static void writeVarUint(ByteArrayOutputStream out, long value) {
        while (value > 0x7F) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
