package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * A card's system prompt and template as one promptfoo prompt, and back. With a system prompt the card is
 * a chat prompt in OpenAI's message format, a JSON array of a {@code system} and a {@code user} message
 * (promptfoo site/docs/configuration/prompts.md, "Chat Format", "System + User Message"), written inline
 * since the config stands alone; without one it is the template as a plain text prompt (unless the
 * template is itself a JSON array, which promptfoo would read as a chat: then a chat of one user message).
 */
final class PromptfooPrompts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nunjucks beyond a plain {@code {{name}}}: tags, comments, filters, members, calls. */
    private static final Pattern NUNJUCKS = Pattern.compile(
            "\\{%|\\{#|\\{\\{[^}]*[|.(\\[][^}]*}}");

    private PromptfooPrompts() {
    }

    /** The prompt text for a card's system prompt and template. */
    static String write(String system, String template) {
        String user = template == null ? "" : template;
        boolean noSystem = system == null || system.isEmpty();
        // a text that is a JSON array would be read as a chat: it goes in a chat of its own
        if (noSystem && !(parseJson(user.strip()) instanceof ArrayNode)) {
            return user;
        }
        // one message a line, as promptfoo's docs write a chat
        return "[\n  " + (noSystem ? "" : message("system", system) + ",\n  ") + message("user", user) + "\n]";
    }

    private static String message(String role, String content) {
        return JSON.createObjectNode().put("role", role).put("content", content).toString();
    }

    /**
     * Reads a prompt text as {system, template}.
     *
     * @param path where the prompt is, for messages
     * @throws IllegalArgumentException with a message naming {@code path} for a prompt the card cannot hold
     */
    static String[] read(String text, String path) {
        if (text.startsWith("file://")) {
            throw new IllegalArgumentException(path + ": " + text + " cannot be read here; put the prompt inline");
        }
        String system = "";
        String user = text;
        String trimmed = text.strip();
        if (trimmed.startsWith("[")) {
            JsonNode messages = parseJson(trimmed);
            if (messages instanceof ArrayNode array) {
                String[] chat = chat(array, path);
                system = chat[0];
                user = chat[1];
            }
        }
        checkTemplate(system, path);
        checkTemplate(user, path);
        return new String[] {system, user};
    }

    private static String[] chat(ArrayNode messages, String path) {
        String system = null;
        String user = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = path + "[" + i + "]";
            if (!(message instanceof ObjectNode) || !message.path("role").isTextual()
                    || !message.path("content").isTextual()) {
                throw new IllegalArgumentException(at + ": a chat message needs a role and a text content");
            }
            String role = message.get("role").asText();
            if (role.equals("system") && i == 0) {
                system = message.get("content").asText();
            } else if (role.equals("user") && user == null) {
                user = message.get("content").asText();
            } else {
                throw new IllegalArgumentException(at + ": a " + role
                        + " message is not supported; a card holds one system message and one user message");
            }
        }
        if (user == null) {
            throw new IllegalArgumentException(path + ": the chat has no user message");
        }
        return new String[] {system == null ? "" : system, user};
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null; // not JSON: a text prompt that starts with "[", as promptfoo reads it
        }
    }

    private static void checkTemplate(String text, String path) {
        if (NUNJUCKS.matcher(text).find()) {
            throw new IllegalArgumentException(path + ": Nunjucks tags, filters and expressions are not supported;"
                    + " a card fills in plain {{variables}} only");
        }
    }
}
