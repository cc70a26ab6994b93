package dev.promptcards.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON object of an admin request, read field by field: an unknown field, a wrong type or a missing
 * required field is a 400 naming the field and what it takes.
 */
final class AdminBody {

    private final JsonNode root;
    private final String path;

    private AdminBody(JsonNode root, String path) {
        this.root = root;
        this.path = path;
    }

    /**
     * Reads a body that must be a JSON object with only the given fields.
     *
     * @param body    the bytes
     * @param fields  the fields it may have
     * @param example a valid body, for the messages
     * @return the body
     * @throws ApiException 400
     */
    static AdminBody object(byte[] body, List<String> fields, String example) {
        if (RunRequestBody.isBlank(body)) {
            throw ApiException.badRequest("the body is empty: send a JSON object such as " + example);
        }
        JsonNode root;
        try {
            root = ApiJson.read(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON (" + e.getOriginalMessage()
                    + RunRequestBody.lineAndColumn(e) + "): send a JSON object such as " + example);
        }
        return of(root, "", fields, example);
    }

    private static AdminBody of(JsonNode root, String path, List<String> fields, String example) {
        if (!root.isObject()) {
            throw ApiException.badRequest((path.isEmpty() ? "the body" : "field '" + path + "'")
                    + " must be a JSON object, not " + RunRequestBody.kind(root) + ": for example " + example);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!fields.contains(name)) {
                throw ApiException.badRequest("unknown field '" + Access.shown(path + name) + "': it takes "
                        + String.join(", ", fields));
            }
        }
        return new AdminBody(root, path);
    }

    /**
     * A nested object, or null when absent.
     *
     * @param field   its name
     * @param fields  the fields it may have
     * @param example a valid value, for the messages
     * @return the object, or null
     */
    AdminBody object(String field, List<String> fields, String example) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : of(value, path + field + ".", fields, example);
    }

    /**
     * A field as it came, for the values no other reader takes.
     *
     * @param field its name
     * @return the value, or null when absent
     */
    JsonNode raw(String field) {
        return root.get(field);
    }

    /** @return whether the field is there, even as null */
    boolean has(String field) {
        return root.has(field);
    }

    /**
     * A string field.
     *
     * @param field    its name
     * @param required whether it must be there
     * @param what     what it is, for the messages
     * @return the text, or null when absent and not required
     */
    String text(String field, boolean required, String what) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest("field '" + path + field + "' is required: " + what);
            }
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("field '" + path + field + "' must be a string, " + what + ", not "
                    + RunRequestBody.kind(value));
        }
        return value.textValue();
    }

    /**
     * A whole number of at least 0, or null when absent or null (null: no limit).
     *
     * @param field its name
     * @return the number, or null
     */
    Integer count(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw ApiException.badRequest("field '" + path + field + "' must be a whole number of at least 0, or"
                    + " null for no limit");
        }
        return value.intValue();
    }

    /**
     * A decimal number of at least 0, or null when absent or null (null: no limit).
     *
     * @param field its name
     * @return the number, or null
     */
    BigDecimal amount(String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.decimalValue().signum() < 0) {
            throw ApiException.badRequest("field '" + path + field + "' must be a number of at least 0 (US dollars),"
                    + " or null for no limit");
        }
        return value.decimalValue();
    }
}
