package dev.promptcards.server.net;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP response as read off the wire by {@link EmbeddedClient}.
 *
 * @param status  the status code
 * @param headers the headers, names in lower case
 * @param body    the body
 */
record HttpReply(int status, Map<String, String> headers, byte[] body) {

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
