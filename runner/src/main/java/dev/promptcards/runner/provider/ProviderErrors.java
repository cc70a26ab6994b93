package dev.promptcards.runner.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;

/** Wording of provider errors: the provider's own message out of its error body, snippets, durations, no keys. */
final class ProviderErrors {

    /** The most characters of something a provider sent that an error message quotes. */
    static final int SNIPPET_CHARS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderErrors() {
    }

    /**
     * The message of a provider's error body: OpenAI's and Anthropic's {@code error.message}, Ollama's
     * {@code error} string, a top-level {@code message}; else the body itself, shortened. Empty
     * bodies say so.
     */
    static String message(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            return "(no message)";
        }
        try {
            JsonNode json = JSON.readTree(text);
            if (json != null) {
                JsonNode error = json.get("error");
                if (error != null && error.isTextual()) {
                    return snippet(error.asText());
                }
                if (error != null && error.path("message").isTextual()) {
                    return snippet(error.path("message").asText());
                }
                if (json.path("message").isTextual()) {
                    return snippet(json.path("message").asText());
                }
            }
        } catch (IOException notJson) {
            // Shown as it is, below.
        }
        return snippet(text);
    }

    /** A text on one line, control characters as spaces, at most {@link #SNIPPET_CHARS} characters. */
    static String snippet(String text) {
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (line.length() <= SNIPPET_CHARS) {
            return line;
        }
        return line.substring(0, SNIPPET_CHARS) + "...";
    }

    /** A duration as people write it: "60 s", "1.5 s", "250 ms". */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The text with every occurrence of the key replaced, so that an echoed key goes no further. */
    static String redact(String text, String apiKey) {
        if (text == null || apiKey == null || apiKey.isEmpty()) {
            return text;
        }
        return text.replace(apiKey, "[API key]");
    }
}
