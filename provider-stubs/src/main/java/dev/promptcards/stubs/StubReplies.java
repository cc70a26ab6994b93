package dev.promptcards.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * How the stubs cut a reply into streamed chunks and count tokens, so that a test can say exactly
 * what a client should receive: one chunk per word, each word with the whitespace before it (as real
 * models stream " world" after "Hello"); a token is a whitespace-separated word.
 */
public final class StubReplies {

    private StubReplies() {
    }

    /**
     * The chunks a reply streams in: the text cut before each whitespace that precedes a word, so
     * that the chunks concatenated are the text. An empty text has no chunks; a text of only
     * whitespace is one chunk.
     */
    public static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < text.length(); i++) {
            boolean wordStartsAfterSpace = Character.isWhitespace(text.charAt(i))
                    && !Character.isWhitespace(text.charAt(i - 1));
            if (wordStartsAfterSpace && from < i && hasWordAfter(text, i)) {
                chunks.add(text.substring(from, i));
                from = i;
            }
        }
        if (from < text.length()) {
            chunks.add(text.substring(from));
        }
        return chunks;
    }

    /** The number of whitespace-separated words of a text: the stubs' token count. */
    public static long words(String text) {
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }

    /**
     * The text of a message's {@code content}: a string as it is, or the {@code text} of each part of
     * a list of content parts ({@code [{"type": "text", "text": ...}]}, as OpenAI and Anthropic
     * accept), joined; anything else is empty.
     */
    static String text(JsonNode content) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                JsonNode partText = part.get("text");
                if (partText != null && partText.isTextual()) {
                    text.append(partText.asText());
                }
            }
        }
        return text.toString();
    }

    /** The text of the last message with role {@code user} of a request's {@code messages}, or "". */
    static String lastUserMessage(JsonNode request) {
        String last = "";
        for (JsonNode message : request.path("messages")) {
            if ("user".equals(message.path("role").asText())) {
                last = text(message.get("content"));
            }
        }
        return last;
    }

    /** The words of every message of a request's {@code messages}: its prompt tokens, as the stubs count. */
    static long messageWords(JsonNode request) {
        long words = 0;
        for (JsonNode message : request.path("messages")) {
            words += words(text(message.get("content")));
        }
        return words;
    }

    private static boolean hasWordAfter(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
