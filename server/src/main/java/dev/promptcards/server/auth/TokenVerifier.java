package dev.promptcards.server.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * Checks a token and says what it allows. Implementations are thread-safe and never block on
 * I/O.
 */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * Verifies a token.
     *
     * @param token the token as the client sent it, or null
     * @return what the token allows; the caller still checks {@link Grant#allows(String, String)}
     * @throws AuthException always with close code 4401: "missing token" for a null or blank
     *     token, otherwise a precise reason ("token expired", "bad signature", "malformed token:
     *     ...", "missing claim ws", "role must be editor or viewer", ...)
     */
    Grant verify(String token) throws AuthException;

    /**
     * How long a connection opened with a grant this verifier gave may stay open: until the token would no
     * longer verify. This default counts to {@link Grant#expiresAt()} on the system clock; a verifier that
     * allows clock skew counts to the expiry plus that allowance, on its own clock.
     *
     * @param grant what {@link #verify} returned
     * @return the time left, negative once past
     */
    default Duration remaining(Grant grant) {
        return Duration.between(Instant.now(), grant.expiresAt());
    }
}
