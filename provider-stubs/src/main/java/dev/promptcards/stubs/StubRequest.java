package dev.promptcards.stubs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request a stub received, as it arrived.
 *
 * @param method     the HTTP method
 * @param path       the request path, without the query
 * @param headers    the request headers, names in lower case
 * @param body       the request body as UTF-8 text
 * @param receivedAt when the stub had read it
 */
public record StubRequest(String method, String path, Map<String, List<String>> headers, String body,
        Instant receivedAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the headers so that the record stays as received. */
    public StubRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (any case), or null when the request has none. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body read as JSON; a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** Only the method, the path and the body's size: headers may hold an API key. */
    @Override
    public String toString() {
        return "StubRequest[" + method + " " + path + ", " + body.length() + " chars]";
    }
}
