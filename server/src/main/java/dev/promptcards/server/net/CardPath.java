package dev.promptcards.server.net;

import dev.promptcards.card.CardKey;
import java.util.Optional;

/**
 * The WebSocket path {@code /ws/{workspace}/{card}} (ARCHITECTURE.md "The protocol": the room is the path).
 */
final class CardPath {

    /** Every WebSocket path starts with this. */
    static final String PREFIX = "/ws/";

    private CardPath() {
    }

    /**
     * Whether a raw path is under {@link #PREFIX} (or is {@code /ws}): the upgrade handler answers it,
     * with 404 if it is not a card's path.
     *
     * @param rawPath the request's path, not decoded, without the query
     * @return true for {@code /ws} and {@code /ws/...}
     */
    static boolean isWebSocketPath(String rawPath) {
        return rawPath.equals("/ws") || rawPath.startsWith(PREFIX);
    }

    /**
     * The card a raw path names. Names are taken as they are (CardKey's characters never need
     * percent-encoding, so an encoded name is no valid name).
     *
     * @param rawPath the request's path, not decoded, without the query
     * @return the room key, or empty if the path is not exactly {@code /ws/{workspace}/{card}} with valid
     *         names ({@code .} and {@code ..} are refused too: they look like paths to every proxy)
     */
    static Optional<CardKey> parse(String rawPath) {
        if (!rawPath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return roomKey(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /**
     * The card two raw path segments name: the rule of every path that names a card (this one and the
     * card's pages, {@link PagePath}).
     *
     * @param workspace the workspace segment, not decoded
     * @param card      the card segment, not decoded
     * @return the room key, or empty if a segment is no valid name ({@link CardKey}) or is {@code .} or
     *         {@code ..}
     */
    static Optional<CardKey> roomKey(String workspace, String card) {
        if (isDots(workspace) || isDots(card)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CardKey(workspace, card));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /**
     * Whether a raw path segment is a valid workspace or card name: the rule of {@link #roomKey} for one part.
     *
     * @param segment the segment, not decoded
     * @return true if it is a valid id ({@link CardKey#isValidId}) other than {@code .} and {@code ..}
     */
    static boolean isName(String segment) {
        return !isDots(segment) && CardKey.isValidId(segment);
    }

    private static boolean isDots(String name) {
        return name.equals(".") || name.equals("..");
    }

}
