package dev.promptcards.server.net;

import java.util.List;
import java.util.Optional;

/**
 * The pages of a workspace and of a card and the static file they are: {@code /w/{workspace}/c/{card}} is the
 * editor ({@value #EDITOR}), {@code /embed/w/{workspace}/c/{card}} the same page, which leaves out its chrome
 * there (the iframe of the embeddable widget); {@code /w/{workspace}} is the workspace's list of cards
 * ({@value #WORKSPACE}). A page reads its workspace and card from its own URL.
 *
 * <p>The names follow the WebSocket path's rule ({@link CardPath#roomKey}), so a page is served only for a
 * card its editor can connect to. Everything under {@code /w/} and {@code /embed/} is a page or nothing.
 */
final class PagePath {

    /** The file of the card editor page. */
    static final String EDITOR = "editor.html";
    /** The file of the workspace page (its cards: search, create, open). */
    static final String WORKSPACE = "workspace.html";
    /** The workspace page's prefix; no iframe form (the widget edits one card). */
    private static final String WORKSPACE_PREFIX = "/w/";

    /** The page paths' prefixes (disjoint). */
    private static final List<String> PREFIXES = List.of("/w/", "/embed/w/");

    private PagePath() {
    }

    /**
     * Whether a raw path is one only this class answers (with a page or with 404).
     *
     * @param rawPath the request's path, not decoded, without the query
     * @return true for paths under {@code /w/} and {@code /embed/}
     */
    static boolean isPagePath(String rawPath) {
        return rawPath.startsWith("/w/") || rawPath.startsWith("/embed/");
    }

    /**
     * Whether a raw path is the iframe form of a page ({@code /embed/...}), which other sites frame.
     *
     * @param rawPath the request's path, not decoded, without the query
     * @return true for paths under {@code /embed/}
     */
    static boolean isEmbedPath(String rawPath) {
        return rawPath.startsWith("/embed/");
    }

    /**
     * The static file a page is.
     *
     * @param rawPath the request's path, not decoded, without the query
     * @return {@value #EDITOR} or {@value #WORKSPACE}, or empty if the path is not exactly one of the page
     *         paths with valid names
     */
    static Optional<String> file(String rawPath) {
        boolean card = PREFIXES.stream()
                .anyMatch(prefix -> rawPath.startsWith(prefix) && isCard(rawPath.substring(prefix.length())));
        if (card) {
            return Optional.of(EDITOR);
        }
        boolean workspace = rawPath.startsWith(WORKSPACE_PREFIX)
                && isWorkspace(rawPath.substring(WORKSPACE_PREFIX.length()));
        return workspace ? Optional.of(WORKSPACE) : Optional.empty();
    }

    /** Whether the rest of a page path is exactly {@code {workspace}}, a valid name (the card's rule). */
    private static boolean isWorkspace(String rest) {
        return !rest.contains("/") && CardPath.isName(rest);
    }

    /** Whether the rest of a page path is exactly {@code {workspace}/c/{card}} with valid names. */
    private static boolean isCard(String rest) {
        String[] segments = rest.split("/", -1);
        return segments.length == 3 && segments[1].equals("c")
                && CardPath.roomKey(segments[0], segments[2]).isPresent();
    }
}
