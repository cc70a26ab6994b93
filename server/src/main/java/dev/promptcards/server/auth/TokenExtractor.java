package dev.promptcards.server.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Finds the token of a WebSocket upgrade request, in the query string or in
 * {@code Sec-WebSocket-Protocol}.
 *
 * <p><b>Query</b>: {@code /ws/acme/card-1?token=JWT}, what y-websocket's {@code WebsocketProvider}
 * sends with {@code params: {token}}.
 *
 * <p><b>Subprotocol</b>, for clients that keep the token out of URLs (and so out of access logs):
 * the client offers two protocols, the marker {@value #SUBPROTOCOL} and then the token:
 * <pre>{@code
 * new WebSocket(url, ['promptcards.jwt', token])
 * new WebsocketProvider(serverUrl, room, doc, { protocols: ['promptcards.jwt', token] })
 * }</pre>
 * which sends {@code Sec-WebSocket-Protocol: promptcards.jwt, eyJhbGciOi...}. A compact JWT is a
 * valid protocol value (its characters, base64url and dots, are all HTTP token characters). The
 * server takes the value right after the marker as the token and must answer with
 * {@code Sec-WebSocket-Protocol: promptcards.jwt} ({@link SubprotocolToken#protocol()}): a browser
 * that offered protocols fails the connection when none is selected, and the marker keeps the
 * token out of the response. Also accepted, without marker: a header whose one value (or first
 * value shaped like {@code xxx.yyy.zzz}) is the JWT itself; then that value is the protocol to
 * send back.
 *
 * <p>Stateless; all methods are static.
 */
public final class TokenExtractor {

    /** The protocol name that announces a token as the next protocol value. */
    public static final String SUBPROTOCOL = "promptcards.jwt";
    /** The query parameter holding the token. */
    public static final String QUERY_PARAMETER = "token";

    private TokenExtractor() {
    }

    /**
     * The {@code token} parameter of a request URI's query string, URL-decoded (UTF-8; {@code +}
     * is a space, as in forms). The first {@code token} parameter wins; a fragment is ignored.
     *
     * @param uri the request URI as on the request line, e.g. {@code /ws/acme/c1?token=eyJ...}, or
     *     null
     * @return the token; empty when there is no query, no {@code token} parameter, an empty value,
     *     or a value whose percent-encoding is broken
     */
    public static Optional<String> fromQuery(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        int hash = uri.indexOf('#');
        String withoutFragment = hash < 0 ? uri : uri.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        if (question < 0) {
            return Optional.empty();
        }
        for (String pair : withoutFragment.substring(question + 1).split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (QUERY_PARAMETER.equals(name)) {
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** URL-decoded (UTF-8), or null when the percent-encoding is broken. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The token in a {@code Sec-WebSocket-Protocol} request header, with the protocol to select
     * (see the class comment for the convention).
     *
     * @param header the header's value: comma-separated protocols (several header lines joined
     *     with commas), or null
     * @return the token and the protocol to echo; empty when the header holds neither the marker
     *     followed by a value nor a JWT-shaped value
     */
    public static Optional<SubprotocolToken> fromSubprotocol(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] values = header.split(",");
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i].strip();
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(SUBPROTOCOL)) {
                if (i + 1 < values.length && !values[i + 1].isEmpty()) {
                    return Optional.of(new SubprotocolToken(values[i + 1], SUBPROTOCOL));
                }
                return Optional.empty();
            }
        }
        for (String value : values) {
            if (looksLikeJwt(value)) {
                return Optional.of(new SubprotocolToken(value, value));
            }
        }
        return Optional.empty();
    }

    /** Three non-empty parts of base64url characters separated by dots. */
    static boolean looksLikeJwt(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || !part.chars().allMatch(TokenExtractor::isBase64UrlChar)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64UrlChar(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_';
    }
}
