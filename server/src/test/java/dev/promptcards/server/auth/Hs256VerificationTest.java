package dev.promptcards.server.auth;

import static dev.promptcards.server.auth.TestTokens.NOW;
import static dev.promptcards.server.auth.TestTokens.assertRefused;
import static dev.promptcards.server.auth.TestTokens.b64;
import static dev.promptcards.server.auth.TestTokens.claims;
import static dev.promptcards.server.auth.TestTokens.claimsWith;
import static dev.promptcards.server.auth.TestTokens.claimsWithout;
import static dev.promptcards.server.auth.TestTokens.header;
import static dev.promptcards.server.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Hs256VerificationTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private final MACSigner signer = signer(SECRET);
    private final JwtTokenVerifier verifier =
            JwtTokenVerifier.hs256(SECRET).withClock(Clock.fixed(NOW, ZoneOffset.UTC));

    private static MACSigner signer(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(Map<String, Object> claims) {
        return sign(signer, "HS256", claims);
    }

    @Test
    void a_grant_remains_valid_until_its_exp_plus_the_clock_skew() throws AuthException {
        Grant grant = verifier.verify(token(claims()));

        assertEquals(Duration.ofSeconds(600 + JwtTokenVerifier.DEFAULT_CLOCK_SKEW_SECONDS), verifier.remaining(grant));
        assertEquals(Duration.ofSeconds(600), verifier.withClockSkew(Duration.ZERO).remaining(grant));
        assertEquals(Duration.ofSeconds(-10), verifier.withClock(Clock.fixed(NOW.plusSeconds(640), ZoneOffset.UTC))
                .remaining(grant));
    }

    @Test
    void valid_token_yields_its_grant() throws AuthException {
        Grant grant = verifier.verify(token(claims()));

        assertEquals(new Grant("alice", "acme", Set.of("c1", "c2"), false, Role.EDITOR,
                NOW.plusSeconds(600)), grant);
        assertFalse(grant.readOnly());
        assertEquals(Set.of("HS256"), verifier.algorithms());
    }

    @Test
    void string_secret_is_its_utf8_bytes() throws AuthException {
        JwtTokenVerifier fromString = JwtTokenVerifier.hs256(new String(SECRET, StandardCharsets.UTF_8))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals("alice", fromString.verify(token(claims())).subject());
    }

    @Test
    void secret_shorter_than_32_bytes_is_refused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> JwtTokenVerifier.hs256(Arrays.copyOf(SECRET, 31)));

        assertEquals("the HS256 secret must be at least 32 bytes, got 31", refused.getMessage());
    }

    @Test
    void cards_star_allows_every_card_of_the_workspace() throws AuthException {
        Grant grant = verifier.verify(token(claimsWith("cards", "*")));

        assertTrue(grant.allCards());
        assertEquals(Set.of(), grant.cards());
        assertTrue(grant.allows("acme", "any-card"));
        assertFalse(grant.allows("other", "any-card"));
    }

    @Test
    void cards_list_allows_exactly_its_cards() throws AuthException {
        Grant grant = verifier.verify(token(claimsWith("cards", List.of("c1", "*"))));

        assertFalse(grant.allCards());
        assertEquals(Set.of("c1", "*"), grant.cards());
        assertTrue(grant.allows("acme", "c1"));
        assertFalse(grant.allows("acme", "c2"));
    }

    @Test
    void empty_cards_list_allows_no_card() throws AuthException {
        Grant grant = verifier.verify(token(claimsWith("cards", List.of())));

        assertFalse(grant.allows("acme", "c1"));
    }

    @Test
    void viewer_role_gives_a_read_only_grant() throws AuthException {
        Grant grant = verifier.verify(token(claimsWith("role", "viewer")));

        assertEquals(Role.VIEWER, grant.role());
        assertTrue(grant.readOnly());
    }

    @Test
    void fractional_exp_is_accepted() throws AuthException {
        Grant grant = verifier.verify(token(claimsWith("exp", NOW.getEpochSecond() + 60.5)));

        assertEquals(NOW.plusMillis(60_500), grant.expiresAt());
    }

    @Test
    void expired_token_is_refused() {
        assertRefused(verifier, token(claimsWith("exp", NOW.getEpochSecond() - 3600)),
                4401, "token expired");
    }

    @Test
    void token_expired_within_the_clock_skew_is_still_accepted() throws AuthException {
        assertEquals("alice", verifier.verify(token(claimsWith("exp", NOW.getEpochSecond() - 29))).subject());
        assertRefused(verifier, token(claimsWith("exp", NOW.getEpochSecond() - 30)), 4401, "token expired");
    }

    @Test
    void clock_skew_can_be_changed() {
        JwtTokenVerifier strict = verifier.withClockSkew(Duration.ZERO);

        assertRefused(strict, token(claimsWith("exp", NOW.getEpochSecond())), 4401, "token expired");
    }

    @Test
    void token_not_yet_valid_is_refused() {
        assertRefused(verifier, token(claimsWith("nbf", NOW.getEpochSecond() + 31)),
                4401, "token not yet valid");
    }

    @Test
    void nbf_within_the_clock_skew_or_past_is_accepted() throws AuthException {
        assertEquals("alice", verifier.verify(token(claimsWith("nbf", NOW.getEpochSecond() + 30))).subject());
        assertEquals("alice", verifier.verify(token(claimsWith("nbf", NOW.getEpochSecond() - 10))).subject());
    }

    @Test
    void token_signed_with_another_secret_has_a_bad_signature() {
        byte[] other = "another secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8);

        assertRefused(verifier, sign(signer(other), "HS256", claims()), 4401, "bad signature");
    }

    @Test
    void token_with_a_changed_payload_has_a_bad_signature() {
        String[] parts = token(claims()).split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"mallory\"}") + "." + parts[2];

        assertRefused(verifier, forged, 4401, "bad signature");
    }

    @Test
    void token_without_signature_is_refused() {
        String token = token(claims());
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);

        assertRefused(verifier, unsigned, 4401, "malformed token: missing signature");
    }

    @Test
    void alg_none_is_refused() {
        String none = b64("{\"alg\":\"none\"}") + "." + b64("{}") + ".";
        String unsecured = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + b64(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims())) + ".";

        assertRefused(verifier, none, 4401, "algorithm none not allowed");
        assertRefused(verifier, unsecured, 4401, "algorithm none not allowed");
        assertRefused(verifier, unsecured.replace(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}"),
                b64("{\"alg\":\"None\"}")), 4401, "algorithm none not allowed");
    }

    @Test
    void rs256_token_against_an_hs256_secret_is_refused() throws JOSEException {
        RSASSASigner rsa = new RSASSASigner(TestKeys.rsa(2048).getPrivate());

        assertRefused(verifier, sign(rsa, "RS256", claims()), 4401, "algorithm RS256 not allowed");
    }

    @Test
    void other_hmac_algorithms_are_refused_even_with_the_right_secret() throws JOSEException {
        MACSigner longSigner = new MACSigner(Arrays.copyOf(SECRET, 64));

        assertRefused(verifier, sign(longSigner, "HS512", claims()), 4401, "algorithm HS512 not allowed");
    }

    @Test
    void critical_header_parameters_are_refused() {
        Map<String, Object> header = header("HS256");
        header.put("crit", List.of("exp"));
        header.put("exp", 1);

        assertRefused(verifier, sign(signer, header, claims()), 4401, "unsupported critical header");
    }

    static Stream<Arguments> malformedTokens() {
        String valid = sign(signer(SECRET), "HS256", claims());
        String[] parts = valid.split("\\.");
        return Stream.of(
                Arguments.of(null, "missing token"),
                Arguments.of("", "missing token"),
                Arguments.of("   ", "missing token"),
                Arguments.of("not-a-jwt", "malformed token: expected header.payload.signature"),
                Arguments.of("a.b", "malformed token: expected header.payload.signature"),
                Arguments.of(valid + ".x", "malformed token: expected header.payload.signature"),
                Arguments.of("a.b.c.d.e", "malformed token: encrypted tokens are not accepted"),
                Arguments.of("Bearer " + valid, "malformed token: invalid base64url"),
                Arguments.of(valid + "=", "malformed token: invalid base64url"),
                Arguments.of(parts[0] + "." + parts[1] + ".a+b/", "malformed token: invalid base64url"),
                Arguments.of("." + parts[1] + "." + parts[2], "malformed token: header is not a JSON object"),
                Arguments.of(b64("[1,2]") + "." + parts[1] + "." + parts[2],
                        "malformed token: header is not a JSON object"),
                Arguments.of(b64("{\"alg\":") + "." + parts[1] + "." + parts[2],
                        "malformed token: header is not a JSON object"),
                Arguments.of(b64("{\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2],
                        "malformed token: missing alg"),
                Arguments.of(b64("{\"alg\":256}") + "." + parts[1] + "." + parts[2],
                        "malformed token: missing alg"),
                Arguments.of(b64("{\"alg\":\"HS256-but-much-longer-than-that\"}") + "." + parts[1] + "." + parts[2],
                        "algorithm HS256-but-much-l... not allowed"),
                Arguments.of(b64("{\"alg\":\"HS256\",\"kid\":7}") + "." + parts[1] + "." + parts[2],
                        "malformed token: kid must be a string"),
                Arguments.of("x".repeat(JwtTokenVerifier.MAX_TOKEN_CHARS + 1), "malformed token: too long"));
    }

    @ParameterizedTest
    @MethodSource("malformedTokens")
    void malformed_tokens_are_refused_with_a_precise_reason(String token, String reason) {
        assertRefused(verifier, token, 4401, reason);
    }

    @Test
    void payload_that_is_not_a_json_object_is_refused_after_the_signature_check() {
        assertRefused(verifier, sign(signer, header("HS256"), "[\"sub\"]"),
                4401, "malformed token: payload is not a JSON object");
        assertRefused(verifier, sign(signer, header("HS256"), "not json"),
                4401, "malformed token: payload is not a JSON object");
    }

    static Stream<Arguments> badClaims() {
        return Stream.of(
                Arguments.of(claimsWithout("exp"), "missing claim exp"),
                Arguments.of(claimsWith("exp", "2030-01-01"), "claim exp must be a number"),
                Arguments.of(claimsWith("nbf", true), "claim nbf must be a number"),
                Arguments.of(claimsWithout("sub"), "missing claim sub"),
                Arguments.of(claimsWith("sub", 42), "claim sub must be a non-empty string"),
                Arguments.of(claimsWith("sub", ""), "claim sub must be a non-empty string"),
                Arguments.of(claimsWithout("ws"), "missing claim ws"),
                Arguments.of(claimsWith("ws", List.of("acme")), "claim ws must be a non-empty string"),
                Arguments.of(claimsWith("ws", ""), "claim ws must be a non-empty string"),
                Arguments.of(claimsWithout("cards"), "missing claim cards"),
                Arguments.of(claimsWith("cards", "c1"), "claim cards must be a list of strings or \"*\""),
                Arguments.of(claimsWith("cards", List.of("c1", 2)), "claim cards must be a list of strings or \"*\""),
                Arguments.of(claimsWith("cards", List.of("")), "claim cards must be a list of strings or \"*\""),
                Arguments.of(claimsWith("cards", Map.of("c1", true)), "claim cards must be a list of strings or \"*\""),
                Arguments.of(claimsWithout("role"), "missing claim role"),
                Arguments.of(claimsWith("role", "admin"), "role must be editor or viewer"),
                Arguments.of(claimsWith("role", "Editor"), "role must be editor or viewer"),
                Arguments.of(claimsWith("role", 1), "role must be editor or viewer"));
    }

    @ParameterizedTest
    @MethodSource("badClaims")
    void missing_or_invalid_claims_are_refused_with_a_precise_reason(Map<String, Object> claims, String reason) {
        assertRefused(verifier, token(claims), 4401, reason);
    }

    @Test
    void expiry_is_checked_before_the_other_claims() {
        Map<String, Object> claims = claimsWith("exp", NOW.getEpochSecond() - 3600);
        claims.remove("ws");

        assertRefused(verifier, token(claims), 4401, "token expired");
    }

    @Test
    void other_claims_are_ignored() throws AuthException {
        Map<String, Object> claims = claimsWith("iss", "https://idp.example");
        claims.put("aud", List.of("promptcards"));
        claims.put("iat", NOW.getEpochSecond());

        assertEquals("acme", verifier.verify(token(claims)).workspace());
    }

    @Test
    void every_reason_fits_a_close_frame() {
        malformedTokens().forEach(arguments ->
                assertTrue(((String) arguments.get()[1]).getBytes(StandardCharsets.UTF_8).length <= 120));
        badClaims().forEach(arguments ->
                assertTrue(((String) arguments.get()[1]).getBytes(StandardCharsets.UTF_8).length <= 120));
    }
}
