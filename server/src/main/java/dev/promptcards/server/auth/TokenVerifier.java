package dev.promptcards.server.auth;

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
}
