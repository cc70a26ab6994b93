package dev.promptcards.server.api;

import io.javalin.http.Context;

/**
 * What every answer of the API carries besides CORS: not to be sniffed as another type, no referrer, not
 * stored by caches (runs change while they run), and over TLS {@code Strict-Transport-Security} as the
 * WebSocket listener sends it (one day, net/SecurityHeaders).
 */
final class ResponseHeaders {

    /** HSTS on TLS answers, the WebSocket listener's value. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=86400";

    private ResponseHeaders() {
    }

    /**
     * Adds the headers.
     *
     * @param ctx the request
     * @param tls whether the listener speaks TLS
     */
    static void add(Context ctx, boolean tls) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (tls) {
            ctx.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
    }
}
