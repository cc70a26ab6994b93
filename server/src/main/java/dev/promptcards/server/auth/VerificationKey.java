package dev.promptcards.server.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import java.util.Objects;

/**
 * One configured key and the one algorithm it verifies.
 *
 * @param keyId the JWK {@code kid}, or null (an HS256 secret, a PEM key, a JWK without kid): a key
 *     without kid is tried for any token of its algorithm; a key with a kid only for tokens with
 *     the same kid or without kid
 * @param algorithm the only algorithm this key is used with
 * @param verifier a thread-safe Nimbus verifier over the key
 * @param description for logs, e.g. "RSA 2048-bit key (kid a1)"; never key material
 */
record VerificationKey(String keyId, JWSAlgorithm algorithm, JWSVerifier verifier, String description) {

    VerificationKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(description, "description");
    }

    /** Whether a token with this {@code alg} and {@code kid} (null: none) may be checked by this key. */
    boolean matches(String alg, String tokenKeyId) {
        if (!algorithm.getName().equals(alg)) {
            return false;
        }
        return keyId == null || tokenKeyId == null || keyId.equals(tokenKeyId);
    }
}
