package dev.promptcards.server.net;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The content type of a static file, by its extension. Files of other types are not served.
 */
final class ContentTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    private ContentTypes() {
    }

    /**
     * The content type of a file name.
     *
     * @param fileName a file name or path, e.g. {@code assets/app.js}
     * @return its content type, or empty if the extension is not one we serve
     */
    static Optional<String> of(String fileName) {
        int slash = fileName.lastIndexOf('/');
        int dot = fileName.lastIndexOf('.');
        if (dot <= slash + 1 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * @param contentType a content type from {@link #of(String)}
     * @return whether it is an HTML page (the files the dev token is put into)
     */
    static boolean isHtml(String contentType) {
        return contentType.startsWith("text/html");
    }
}
