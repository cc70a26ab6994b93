package dev.promptcards.server.auth;

import static dev.promptcards.server.auth.TestTokens.NOW;
import static dev.promptcards.server.auth.TestTokens.assertRefused;
import static dev.promptcards.server.auth.TestTokens.claims;
import static dev.promptcards.server.auth.TestTokens.claimsWith;
import static dev.promptcards.server.auth.TestTokens.header;
import static dev.promptcards.server.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeyVerificationTest {

    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair OTHER_RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static RSASSASigner rsaSigner(KeyPair pair) {
        return new RSASSASigner(pair.getPrivate());
    }

    private static ECDSASigner ecSigner(KeyPair pair) {
        try {
            return new ECDSASigner((ECPrivateKey) pair.getPrivate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private JwtTokenVerifier verifierOf(String fileName, String text) {
        return JwtTokenVerifier.fromPublicKey(TestKeys.write(dir, fileName, text)).withClock(CLOCK);
    }

    private IllegalArgumentException refusedFile(String text) {
        Path file = TestKeys.write(dir, "key", text);
        return assertThrows(IllegalArgumentException.class, () -> JwtTokenVerifier.fromPublicKey(file));
    }

    @Test
    void rs256_token_is_verified_with_a_pem_rsa_key() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));

        Grant grant = verifier.verify(sign(rsaSigner(RSA), "RS256", claims()));

        assertEquals(new Grant("alice", "acme", Set.of("c1", "c2"), false, Role.EDITOR,
                NOW.plusSeconds(600)), grant);
        assertEquals(Set.of("RS256"), verifier.algorithms());
        assertEquals(List.of("RS256: RSA 2048-bit key"), verifier.describeKeys());
    }

    @Test
    void es256_token_is_verified_with_a_pem_ec_key() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("ec.pem", TestKeys.pem(EC.getPublic()));

        Grant grant = verifier.verify(sign(ecSigner(EC), "ES256", claimsWith("role", "viewer")));

        assertEquals(Role.VIEWER, grant.role());
        assertEquals(Set.of("ES256"), verifier.algorithms());
    }

    @Test
    void pem_file_with_several_keys_accepts_each_of_them() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("keys.pem",
                TestKeys.pem(RSA.getPublic()) + "\n" + TestKeys.pem(EC.getPublic()));

        assertEquals("alice", verifier.verify(sign(rsaSigner(RSA), "RS256", claims())).subject());
        assertEquals("alice", verifier.verify(sign(ecSigner(EC), "ES256", claims())).subject());
        assertEquals(Set.of("RS256", "ES256"), verifier.algorithms());
    }

    @Test
    void token_signed_by_another_rsa_key_has_a_bad_signature() {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));

        assertRefused(verifier, sign(rsaSigner(OTHER_RSA), "RS256", claims()), 4401, "bad signature");
    }

    @Test
    void token_signed_by_another_ec_key_has_a_bad_signature() {
        JwtTokenVerifier verifier = verifierOf("ec.pem", TestKeys.pem(EC.getPublic()));

        assertRefused(verifier, sign(ecSigner(TestKeys.ec("secp256r1")), "ES256", claims()),
                4401, "bad signature");
    }

    @Test
    void hs256_token_signed_with_the_public_key_as_secret_is_refused() throws JOSEException {
        String pem = TestKeys.pem(RSA.getPublic());
        JwtTokenVerifier verifier = verifierOf("rsa.pem", pem);

        String withPemText = sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)), "HS256", claims());
        String withDer = sign(new MACSigner(RSA.getPublic().getEncoded()), "HS256", claims());

        assertRefused(verifier, withPemText, 4401, "algorithm HS256 not allowed");
        assertRefused(verifier, withDer, 4401, "algorithm HS256 not allowed");
    }

    @Test
    void es256_token_against_an_rsa_key_and_rs256_against_an_ec_key_are_refused() {
        JwtTokenVerifier rsaVerifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));
        JwtTokenVerifier ecVerifier = verifierOf("ec.pem", TestKeys.pem(EC.getPublic()));

        assertRefused(rsaVerifier, sign(ecSigner(EC), "ES256", claims()), 4401, "algorithm ES256 not allowed");
        assertRefused(ecVerifier, sign(rsaSigner(RSA), "RS256", claims()), 4401, "algorithm RS256 not allowed");
    }

    @Test
    void other_rsa_algorithms_are_refused_for_an_rsa_key() {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));

        assertRefused(verifier, sign(rsaSigner(RSA), "RS512", claims()), 4401, "algorithm RS512 not allowed");
        assertRefused(verifier, sign(rsaSigner(RSA), "PS256", claims()), 4401, "algorithm PS256 not allowed");
    }

    @Test
    void key_embedded_in_the_token_header_is_never_trusted() {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));
        Map<String, Object> header = header("RS256");
        header.put("jwk", new RSAKey.Builder((RSAPublicKey) OTHER_RSA.getPublic()).build().toJSONObject());

        assertRefused(verifier, sign(rsaSigner(OTHER_RSA), header, claims()), 4401, "bad signature");
    }

    @Test
    void expired_rs256_token_is_refused() {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));

        assertRefused(verifier, sign(rsaSigner(RSA), "RS256", claimsWith("exp", NOW.getEpochSecond() - 60)),
                4401, "token expired");
    }

    @Test
    void jwks_key_is_selected_by_kid() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("keys.json", TestKeys.jwks(
                TestKeys.rsaJwk(RSA, "r1", JWSAlgorithm.RS256),
                TestKeys.rsaJwk(OTHER_RSA, "r2", null),
                TestKeys.ecJwk(EC, "e1")));

        assertEquals("alice", verifier.verify(sign(rsaSigner(RSA), header("RS256", "r1"), claims())).subject());
        assertEquals("alice", verifier.verify(sign(rsaSigner(OTHER_RSA), header("RS256", "r2"), claims())).subject());
        assertEquals("alice", verifier.verify(sign(ecSigner(EC), header("ES256", "e1"), claims())).subject());
        assertEquals(List.of("RS256: RSA 2048-bit key (kid r1)", "RS256: RSA 2048-bit key (kid r2)",
                "ES256: EC P-256 key (kid e1)"), verifier.describeKeys());
    }

    @Test
    void jwks_token_naming_another_keys_kid_has_a_bad_signature() {
        JwtTokenVerifier verifier = verifierOf("keys.json", TestKeys.jwks(
                TestKeys.rsaJwk(RSA, "r1", JWSAlgorithm.RS256),
                TestKeys.rsaJwk(OTHER_RSA, "r2", JWSAlgorithm.RS256)));

        assertRefused(verifier, sign(rsaSigner(RSA), header("RS256", "r2"), claims()), 4401, "bad signature");
    }

    @Test
    void jwks_token_with_an_unknown_kid_is_refused() {
        JwtTokenVerifier verifier = verifierOf("keys.json", TestKeys.jwks(
                TestKeys.rsaJwk(RSA, "r1", JWSAlgorithm.RS256)));

        assertRefused(verifier, sign(rsaSigner(RSA), header("RS256", "r9"), claims()), 4401, "unknown key id");
    }

    @Test
    void jwks_token_without_kid_is_tried_with_every_key_of_its_algorithm() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("keys.json", TestKeys.jwks(
                TestKeys.rsaJwk(RSA, "r1", JWSAlgorithm.RS256),
                TestKeys.rsaJwk(OTHER_RSA, "r2", JWSAlgorithm.RS256)));

        assertEquals("alice", verifier.verify(sign(rsaSigner(OTHER_RSA), "RS256", claims())).subject());
    }

    @Test
    void jwks_token_with_a_kid_is_checked_by_a_pem_key_without_kid() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic()));

        assertEquals("alice", verifier.verify(sign(rsaSigner(RSA), header("RS256", "any"), claims())).subject());
    }

    @Test
    void jwks_key_whose_alg_is_not_rs256_is_not_used_for_rs256() {
        JwtTokenVerifier verifier = verifierOf("keys.json", TestKeys.jwks(
                TestKeys.rsaJwk(RSA, "r1", JWSAlgorithm.RS256),
                TestKeys.rsaJwk(OTHER_RSA, "ps", JWSAlgorithm.PS256)));

        assertRefused(verifier, sign(rsaSigner(OTHER_RSA), header("RS256", "ps"), claims()),
                4401, "unknown key id");
        assertEquals(List.of("RS256: RSA 2048-bit key (kid r1)"), verifier.describeKeys());
    }

    @Test
    void jwks_without_a_usable_key_is_refused() {
        RSAKey encryption = new RSAKey.Builder((RSAPublicKey) RSA.getPublic())
                .keyID("enc").keyUse(KeyUse.ENCRYPTION).build();
        OctetSequenceKey secret = new OctetSequenceKey.Builder(new byte[32]).keyID("oct").build();
        IllegalArgumentException refused = refusedFile(TestKeys.jwks(
                encryption, TestKeys.rsaJwk(RSA, "rs512", JWSAlgorithm.RS512)) .replace("\"keys\":[",
                "\"keys\":[" + secret.toJSONString() + ","));

        assertEquals("JWT public key file " + dir.resolve("key") + " holds no usable RS256 or ES256 key ["
                + "key (kid oct): key type oct is not supported (RSA and EC are), "
                + "key (kid enc): use is enc, not sig, "
                + "key (kid rs512): alg RS512 is not supported (RS256 is)]", refused.getMessage());
    }

    @Test
    void single_jwk_file_is_accepted() throws AuthException {
        JwtTokenVerifier verifier = verifierOf("key.json", TestKeys.ecJwk(EC, "e1").toJSONString());

        assertEquals("alice", verifier.verify(sign(ecSigner(EC), "ES256", claims())).subject());
    }

    @Test
    void jwks_with_private_parts_uses_only_the_public_key() throws AuthException {
        RSAKey withPrivate = new RSAKey.Builder((RSAPublicKey) RSA.getPublic())
                .privateKey(RSA.getPrivate()).keyID("r1").build();
        JwtTokenVerifier verifier = verifierOf("keys.json",
                "{\"keys\":[" + withPrivate.toJSONString() + "]}");

        assertEquals("alice", verifier.verify(sign(rsaSigner(RSA), "RS256", claims())).subject());
    }

    @Test
    void pkcs1_rsa_public_key_is_refused_with_a_conversion_hint() {
        IllegalArgumentException refused = refusedFile(TestKeys.pem("RSA PUBLIC KEY", new byte[] {1, 2}));

        assertEquals("JWT public key file " + dir.resolve("key") + " holds 'RSA PUBLIC KEY': a PKCS#1 key; "
                + "convert it with 'openssl rsa -RSAPublicKey_in -in FILE -pubout' "
                + "(expected -----BEGIN PUBLIC KEY-----)", refused.getMessage());
    }

    @Test
    void private_key_file_is_refused() {
        IllegalArgumentException refused = refusedFile(TestKeys.pem("PRIVATE KEY", RSA.getPrivate().getEncoded()));

        assertEquals("JWT public key file " + dir.resolve("key") + " holds 'PRIVATE KEY': a private key; "
                + "give the public key only ('openssl pkey -in FILE -pubout') "
                + "(expected -----BEGIN PUBLIC KEY-----)", refused.getMessage());
    }

    @Test
    void rsa_key_shorter_than_2048_bits_is_refused() {
        IllegalArgumentException refused = refusedFile(TestKeys.pem(TestKeys.rsa(1024).getPublic()));

        assertEquals("JWT public key file " + dir.resolve("key") + ": RSA key has 1024 bits, at least 2048 needed",
                refused.getMessage());
    }

    @Test
    void ec_key_on_another_curve_is_refused() {
        IllegalArgumentException refused = refusedFile(TestKeys.pem(TestKeys.ec("secp384r1").getPublic()));

        assertEquals("JWT public key file " + dir.resolve("key") + ": EC key is on P-384, "
                + "only P-256 (ES256) is supported", refused.getMessage());
    }

    @Test
    void file_that_is_neither_pem_nor_jwks_is_refused() {
        IllegalArgumentException refused = refusedFile("hello");

        assertEquals("JWT public key file " + dir.resolve("key") + " is neither a PEM public key nor a JWKS",
                refused.getMessage());
    }

    @Test
    void missing_file_is_an_unchecked_io_error() {
        assertThrows(UncheckedIOException.class, () -> JwtTokenVerifier.fromPublicKey(dir.resolve("absent.pem")));
    }

    @Test
    void combined_verifier_accepts_each_key_with_its_own_algorithm_only() throws AuthException, JOSEException {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        JwtTokenVerifier combined = JwtTokenVerifier.combined(
                JwtTokenVerifier.hs256(secret).withClock(CLOCK),
                verifierOf("rsa.pem", TestKeys.pem(RSA.getPublic())));

        assertEquals("alice", combined.verify(sign(new MACSigner(secret), "HS256", claims())).subject());
        assertEquals("alice", combined.verify(sign(rsaSigner(RSA), "RS256", claims())).subject());
        assertRefused(combined, sign(new MACSigner(RSA.getPublic().getEncoded()), "HS256", claims()),
                4401, "bad signature");
        assertEquals(Set.of("HS256", "RS256"), combined.algorithms());
    }
}
