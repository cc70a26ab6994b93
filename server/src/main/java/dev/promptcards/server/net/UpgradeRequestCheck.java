package dev.promptcards.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upgrade request must be before any handshake starts: RFC 6455 only (section 4.2.1), checked here
 * rather than left to Netty's handshakers, which accept the obsolete Hixie-76 and hybi drafts and fail without
 * an answer on a missing key. Each refusal is answered at once, as plain text that never repeats the request's
 * URL (it may hold the token), and logged as one line:
 *
 * <ul>
 *   <li>no {@code Sec-WebSocket-Version} (Hixie-76, or not a WebSocket client): 400 {@value #VERSION_EXPECTED};</li>
 *   <li>another version: 426 with {@code Sec-WebSocket-Version: 13} (RFC 6455 section 4.4);</li>
 *   <li>{@code Sec-WebSocket-Key} missing, repeated, or not the base64 of 16 bytes: 400 {@value #BAD_KEY};</li>
 *   <li>in dev mode, an {@code Origin} that is not on a loopback host ({@link DevModeOrigins#isAllowedOrigin}):
 *       403 {@value #FOREIGN_ORIGIN}.</li>
 * </ul>
 */
final class UpgradeRequestCheck {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeRequestCheck.class);

    /** The one version accepted (RFC 6455). */
    static final String VERSION = "13";
    /** The answer to an upgrade without a version. */
    static final String VERSION_EXPECTED = "WebSocket version 13 (RFC 6455) expected";
    /** The answer to an upgrade with another version. */
    static final String UNSUPPORTED_VERSION = "unsupported WebSocket version: 13 (RFC 6455) expected";
    /** The answer to an upgrade whose key is missing or malformed. */
    static final String BAD_KEY = "missing or malformed Sec-WebSocket-Key";
    /** The answer, in dev mode, to an upgrade from another origin. */
    static final String FOREIGN_ORIGIN = "origin not allowed: a dev-mode server accepts WebSocket connections"
            + " only from pages on loopback addresses";

    /** Why an upgrade request is refused, and the response. */
    record Refusal(HttpResponseStatus status, String text, HttpHeaders headers) {

        /** Answers the request with this refusal and closes the connection, with one log line. */
        void send(ChannelHandlerContext ctx, FullHttpRequest request, String connectionId) {
            LOG.info("{}: upgrade refused with {}: {}", connectionId, status.code(), text);
            HttpResponses.send(ctx, request, status, HttpResponses.TEXT, text.getBytes(StandardCharsets.UTF_8),
                    headers);
        }
    }

    private UpgradeRequestCheck() {
    }

    /**
     * Checks a {@code GET} with {@code Upgrade: websocket} to a card's path.
     *
     * @param request the request
     * @param devMode whether the server runs in dev mode (then {@code Origin} is checked)
     * @return the refusal, or empty when the handshake may go on
     */
    static Optional<Refusal> refusal(FullHttpRequest request, boolean devMode) {
        HttpHeaders headers = request.headers();
        List<String> versions = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (versions.isEmpty()) {
            return refused(HttpResponseStatus.BAD_REQUEST, VERSION_EXPECTED);
        }
        if (versions.size() != 1 || !versions.getFirst().trim().equals(VERSION)) {
            return Optional.of(new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, UNSUPPORTED_VERSION,
                    new DefaultHttpHeaders().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, VERSION)));
        }
        List<String> keys = headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !isKey(keys.getFirst().trim())) {
            return refused(HttpResponseStatus.BAD_REQUEST, BAD_KEY);
        }
        if (devMode) {
            List<String> origins = headers.getAll(HttpHeaderNames.ORIGIN);
            boolean allowed = origins.isEmpty()
                    || origins.size() == 1 && DevModeOrigins.isAllowedOrigin(origins.getFirst());
            if (!allowed) {
                return refused(HttpResponseStatus.FORBIDDEN, FOREIGN_ORIGIN);
            }
        }
        return Optional.empty();
    }

    /** RFC 6455 section 4.1: a nonce of 16 random bytes in base64, so 24 characters. */
    static boolean isKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Refusal> refused(HttpResponseStatus status, String text) {
        return Optional.of(new Refusal(status, text, new DefaultHttpHeaders()));
    }
}
