package dev.promptcards.server.net;

import java.util.Locale;
import java.util.Optional;

/**
 * The content codings a static file may be sent in, beside the file itself: the web client's build writes
 * {@code FILE.br} and {@code FILE.gz} next to each of its compressible files (web-client/precompress.mjs), and
 * {@link #preferred} picks one of those a request accepts ({@code Accept-Encoding}, RFC 9110 section 12.5.3).
 */
enum ContentCoding {

    /** Brotli (RFC 7932): the smaller, preferred when accepted. */
    BR("br", ".br"),
    /** gzip (RFC 1952). */
    GZIP("gzip", ".gz");

    private final String token;
    private final String suffix;

    ContentCoding(String token, String suffix) {
        this.token = token;
        this.suffix = suffix;
    }

    /** @return the coding's name in {@code Content-Encoding} */
    String token() {
        return token;
    }

    /**
     * @param relativePath a file's path
     * @return the path of its file in this coding, e.g. {@code embed.js.br}
     */
    String fileOf(String relativePath) {
        return relativePath + suffix;
    }

    /**
     * Whether an {@code Accept-Encoding} header accepts this coding: named with a weight above 0, or not named
     * while {@code *} is accepted; {@code x-gzip} counts as gzip (RFC 9110 section 8.4.1.3). No header: only the
     * identity.
     *
     * @param acceptEncoding the header, or null
     * @return whether the client can decode it
     */
    boolean acceptedBy(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Optional<Boolean> named = Optional.empty();
        boolean any = false;
        for (String element : acceptEncoding.split(",")) {
            String[] parts = element.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean accepted = weight(parts) > 0;
            if (name.equals(token) || (this == GZIP && name.equals("x-gzip"))) {
                named = Optional.of(accepted || named.orElse(false));
            } else if (name.equals("*")) {
                any = accepted;
            }
        }
        return named.orElse(any);
    }

    /** The {@code q} parameter of an element ({@code gzip;q=0.5}); 1 without one, 0 when unreadable. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.length() > 2 && parameter.substring(0, 2).equalsIgnoreCase("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
