/**
 * Authentication of WebSocket connections: JSON Web Tokens (Nimbus JOSE + JWT) turned into a
 * {@link dev.promptcards.server.auth.Grant}.
 *
 * <p>A token arrives as {@code ?token=JWT} or in {@code Sec-WebSocket-Protocol}
 * ({@link dev.promptcards.server.auth.TokenExtractor}); a
 * {@link dev.promptcards.server.auth.TokenVerifier} checks it and yields a grant, or throws an
 * {@link dev.promptcards.server.auth.AuthException} carrying the close code (4401 for every token
 * problem) and a short reason safe to send to the client. The caller then checks
 * {@link dev.promptcards.server.auth.Grant#allows(String, String)} and closes with 4403 when the
 * token is for another workspace or card.
 *
 * <p>Verifiers: {@link dev.promptcards.server.auth.JwtTokenVerifier} (an HS256 secret, or RS256/ES256
 * public keys from a PEM or JWKS file; the accepted algorithms are pinned by the configured keys)
 * and {@link dev.promptcards.server.auth.DevTokens} (dev mode: a random secret per process).
 */
package dev.promptcards.server.auth;
