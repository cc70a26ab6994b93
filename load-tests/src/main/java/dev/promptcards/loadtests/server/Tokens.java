package dev.promptcards.loadtests.server;

import dev.promptcards.crdt.lib0.JsJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens for our server (RFC 7515 compact serialization, the JDK's HMAC alone), with
 * the claims it reads: {@code sub}, {@code ws} (workspace), {@code cards}, {@code role}, {@code exp}
 * (as server/src/test/js/lib/tokens.mjs mints them). The reference checks no token. The runner
 * benchmark uses them for the HTTP API too.
 */
public final class Tokens {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final String secret;

    private Tokens(String secret) {
        this.secret = secret;
    }

    /** A random secret of 64 hex characters (the server wants at least 32 bytes). */
    public static Tokens random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new Tokens(HexFormat.of().formatHex(bytes));
    }

    /** The secret to give the server ({@code PROMPTCARDS_JWT_SECRET}). */
    public String secret() {
        return secret;
    }

    /** An editor's token for every card of {@code workspace}, valid for {@code seconds}. */
    public String editor(String workspace, long seconds) {
        long exp = System.currentTimeMillis() / 1000 + seconds;
        return sign(Map.of("sub", "bench", "ws", workspace, "cards", "*", "role", "editor", "exp", exp));
    }

    String sign(Map<String, Object> claims) {
        String input = base64url(JsJson.stringify(Map.of("alg", "HS256", "typ", "JWT")))
                + "." + base64url(JsJson.stringify(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + BASE64URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static String base64url(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
