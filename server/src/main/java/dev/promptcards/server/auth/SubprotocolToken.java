package dev.promptcards.server.auth;

import java.util.Objects;

/**
 * A token found in {@code Sec-WebSocket-Protocol}, and the protocol the server must select.
 *
 * @param token the JWT, to give to a {@link TokenVerifier}
 * @param protocol the value the server must send back as {@code Sec-WebSocket-Protocol} in the
 *     handshake response (one of the values the client offered: without it, browsers fail the
 *     connection)
 */
public record SubprotocolToken(String token, String protocol) {

    /** Checks that nothing is null. */
    public SubprotocolToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(protocol, "protocol");
    }
}
