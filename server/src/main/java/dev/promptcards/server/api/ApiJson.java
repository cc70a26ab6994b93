package dev.promptcards.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The API's JSON: bodies read as trees (so that each field is checked on its own and named in the error),
 * answers written from plain maps and lists. One immutable mapper, shared.
 */
final class ApiJson {

    /** The content type of every answer of the API. */
    static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // {"repeat": 1, "repeat": 2} is refused rather than read as the last value
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ApiJson() {
    }

    /**
     * Reads a body as one JSON value.
     *
     * @param body the bytes
     * @return the value
     * @throws JsonProcessingException when the bytes are not one JSON value; the message says where
     */
    static JsonNode read(byte[] body) throws JsonProcessingException {
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("reading a byte array failed", e);
        }
    }

    /**
     * Answers with a JSON body.
     *
     * @param ctx    the request
     * @param status the HTTP status
     * @param value  maps, lists, strings, numbers, booleans and nulls
     */
    static void answer(Context ctx, int status, Object value) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer as JSON", e);
        }
        ctx.status(status).contentType(CONTENT_TYPE).result(body);
    }

    /**
     * A value as JSON text (an audit row's detail).
     *
     * @param value maps, lists, strings, numbers
     * @return the JSON
     */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a value as JSON", e);
        }
    }

    /**
     * Answers {@code {"error": message}}.
     *
     * @param ctx     the request
     * @param status  the HTTP status, 4xx or 5xx
     * @param message what went wrong and what to do
     */
    static void error(Context ctx, int status, String message) {
        answer(ctx, status, Map.of("error", message));
    }
}
