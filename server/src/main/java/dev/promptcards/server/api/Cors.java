package dev.promptcards.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Cross-origin access (Fetch standard, CORS protocol): the editor page and the widget, on any origin, call the
 * API with a bearer token and no cookies, so every answer allows any origin and none allows credentials (there
 * is no ambient credential to protect: no CSRF surface). A preflight ({@code OPTIONS}) is answered 204 at once,
 * before any token is asked for, with the methods and headers the API takes.
 */
final class Cors {

    /** The methods the API takes. */
    static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    /** The request headers a page may send. */
    static final String HEADERS = "Authorization, Content-Type";
    /** How long a browser may keep a preflight's answer, in seconds (Chromium keeps at most 7200). */
    static final String MAX_AGE = "600";
    /** What a page may read of an answer besides the CORS-safelisted headers. */
    static final String EXPOSED = "Location, WWW-Authenticate";

    private Cors() {
    }

    /**
     * Adds the headers of every answer and answers a preflight; runs before everything else.
     *
     * @param ctx the request
     */
    static void before(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
        if (ctx.method() == HandlerType.OPTIONS) {
            ctx.header("Access-Control-Allow-Methods", METHODS);
            ctx.header("Access-Control-Allow-Headers", HEADERS);
            ctx.header("Access-Control-Max-Age", MAX_AGE);
            ctx.header("Allow", METHODS);
            ctx.status(204);
            ctx.skipRemainingHandlers();
        }
    }
}
