package dev.promptcards.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tokens made byte by byte, so that tests can put anything in header and claims. */
final class TestTokens {

    /** The time every verifier of the tests reads from its fixed clock. */
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private TestTokens() {
    }

    /** Valid claims: alice, editor of cards c1 and c2 of workspace acme, for ten more minutes. */
    static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "alice");
        claims.put("ws", "acme");
        claims.put("cards", List.of("c1", "c2"));
        claims.put("role", "editor");
        claims.put("exp", NOW.getEpochSecond() + 600);
        return claims;
    }

    static Map<String, Object> claimsWith(String name, Object value) {
        Map<String, Object> claims = claims();
        claims.put(name, value);
        return claims;
    }

    static Map<String, Object> claimsWithout(String name) {
        Map<String, Object> claims = claims();
        claims.remove(name);
        return claims;
    }

    static Map<String, Object> header(String alg) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        return header;
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = header(alg);
        header.put("kid", kid);
        return header;
    }

    static String sign(JWSSigner signer, String alg, Map<String, Object> claims) {
        return sign(signer, header(alg), JSONObjectUtils.toJSONString(claims));
    }

    static String sign(JWSSigner signer, Map<String, Object> header, Map<String, Object> claims) {
        return sign(signer, header, JSONObjectUtils.toJSONString(claims));
    }

    /** header.payload.signature, the signature made by {@code signer} with the header's alg. */
    static String sign(JWSSigner signer, Map<String, Object> header, String payloadJson) {
        String signingInput = b64(JSONObjectUtils.toJSONString(header)) + "." + b64(payloadJson);
        try {
            JWSHeader parsed = new JWSHeader(JWSAlgorithm.parse((String) header.get("alg")));
            Base64URL signature = signer.sign(parsed, signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64URL.encode(json).toString();
    }

    static Map<String, Object> json(String text) {
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Asserts that the verifier refuses the token with exactly this code and reason. */
    static AuthException assertRefused(TokenVerifier verifier, String token, int code, String reason) {
        AuthException refused = assertThrows(AuthException.class, () -> verifier.verify(token));
        assertEquals(reason, refused.reason());
        assertEquals(code, refused.closeCode());
        return refused;
    }
}
