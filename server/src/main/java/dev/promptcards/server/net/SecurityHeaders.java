package dev.promptcards.server.net;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The security headers of our responses: {@link #addTo} on every response, {@link #page} on the HTML pages.
 *
 * <p>The pages' Content-Security-Policy allows only our own scripts (no inline script, no eval: the page reads
 * the dev token and the WebSocket URL from {@code <meta>} elements), connections to our own origin ({@code
 * 'self'} covers {@code ws:}/{@code wss:} to the same host and port in CSP Level 3 ('self' matching), as
 * Chromium implements it) and to the HTTP API's (its own port: Run and Cancel), images from us or {@code data:} (the favicon), nothing else. Styles need
 * {@code 'unsafe-inline'}: in Chromium with {@code style-src 'self'} alone the editor page reports violations
 * for the page's own {@code <style>}, for the {@code <style>} elements written at run time (CodeMirror 6's
 * style-mod, the editor's stylesheet) and for {@code style} attributes set at run time (y-codemirror.next's
 * caret colours among them); a nonce could cover the elements but never the attributes. Inline styles cannot
 * run code; scripts stay strict (BrowserTlsTest checks both: no violation, and an inline script refused).
 */
final class SecurityHeaders {

    /**
     * HSTS on TLS responses: one day, without includeSubDomains or preload, so that a certificate tried out on a
     * host does not bind its other services or its future for long (RFC 6797).
     */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=86400";

    private SecurityHeaders() {
    }

    /**
     * The headers of an HTML page.
     *
     * @param framedByAnyone true for the widget's iframe page ({@code /embed/...}), which pages of any origin
     *                       frame; false for the other pages, which only pages of this server may frame
     *                       (clickjacking: no other site can)
     * @param apiOrigin      the HTTP API's origin as this client reaches it ({@code http://localhost:8081}),
     *                       which the page calls (Run, Cancel), or null when there is none
     * @return Content-Security-Policy, and X-Frame-Options where it agrees with the policy's frame-ancestors
     */
    static HttpHeaders page(boolean framedByAnyone, String apiOrigin) {
        HttpHeaders headers = new DefaultHttpHeaders()
                .set("content-security-policy", policy(apiOrigin) + "; frame-ancestors "
                        + (framedByAnyone ? "*" : "'self'"));
        if (!framedByAnyone) {
            headers.set("x-frame-options", "SAMEORIGIN"); // for browsers without CSP Level 2 frame-ancestors
        }
        return headers;
    }

    /** The pages' policy but {@code frame-ancestors}; {@code connect-src} adds the API's origin when given. */
    private static String policy(String apiOrigin) {
        return "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'"
                + (apiOrigin == null ? "" : " " + apiOrigin)
                + "; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'";
    }

    /**
     * Adds what every response carries: {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy:
     * no-referrer} (a page's address may hold a token; the fragment is never sent, a {@code ?token=} would be),
     * and on a TLS connection {@code Strict-Transport-Security}.
     *
     * @param headers the response's headers
     * @param tls     whether the response goes out over TLS
     */
    static void addTo(HttpHeaders headers, boolean tls) {
        headers.set("x-content-type-options", "nosniff")
                .set("referrer-policy", "no-referrer");
        if (tls) {
            headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
        }
    }
}
