package dev.promptcards.server.api;

import io.javalin.http.Context;
import java.util.Locale;

/** The bearer credential of a request ({@code Authorization: Bearer ...}, RFC 6750). */
final class Bearer {

    /** The scheme of the {@code Authorization} header. */
    static final String SCHEME = "Bearer";

    private Bearer() {
    }

    /**
     * The credential after {@code Bearer}.
     *
     * @param ctx the request
     * @param how what to send instead, for the message
     * @return the credential, never empty
     * @throws ApiException 401 when there is none or the header uses another scheme
     */
    static String of(Context ctx, String how) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("missing credentials: " + how);
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(SCHEME.toLowerCase(Locale.ROOT))) {
            throw ApiException.unauthorized("the Authorization header must use the Bearer scheme: " + how);
        }
        String credential = space < 0 ? "" : trimmed.substring(space + 1).strip();
        if (credential.isEmpty()) {
            throw ApiException.unauthorized("the Authorization header has no token after 'Bearer': " + how);
        }
        return credential;
    }
}
