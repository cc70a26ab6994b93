package dev.promptcards.runner.assertion;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.path.NodePath;

/**
 * One JSON Schema violation in the words of Ajv's {@code errorsText}, which promptfoo's messages show
 * ("data/name must be string"): "data", the JSON Pointer of the value, and Ajv's message for the keyword
 * (ajv lib/vocabularies). Keywords without a counterpart keep networknt's message.
 */
final class SchemaErrorText {

    private SchemaErrorText() {
    }

    static String of(Error error) {
        return "data" + pointer(error.getInstanceLocation()) + " " + message(error);
    }

    private static String message(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        JsonNode schema = error.getSchemaNode();
        String limit = schema == null ? "" : schema.isTextual() ? schema.asText() : String.valueOf(schema);
        return switch (keyword) {
            case "type" -> "must be " + types(schema);
            case "required" -> "must have required property '" + error.getProperty() + "'";
            // Ajv leaves the property out; one error per property says which
            case "additionalProperties" -> "must NOT have additional properties ('" + error.getProperty() + "')";
            case "enum" -> "must be equal to one of the allowed values";
            case "const" -> "must be equal to constant";
            case "minimum" -> "must be >= " + limit;
            case "maximum" -> "must be <= " + limit;
            case "exclusiveMinimum" -> "must be > " + limit;
            case "exclusiveMaximum" -> "must be < " + limit;
            case "minLength" -> "must NOT have fewer than " + limit + " characters";
            case "maxLength" -> "must NOT have more than " + limit + " characters";
            case "minItems" -> "must NOT have fewer than " + limit + " items";
            case "maxItems" -> "must NOT have more than " + limit + " items";
            case "minProperties" -> "must NOT have fewer than " + limit + " properties";
            case "maxProperties" -> "must NOT have more than " + limit + " properties";
            case "multipleOf" -> "must be multiple of " + limit;
            case "pattern" -> "must match pattern \"" + limit + "\"";
            case "format" -> "must match format \"" + limit + "\"";
            case "uniqueItems" -> "must NOT have duplicate items";
            case "not" -> "must NOT be valid";
            case "anyOf" -> "must match a schema in anyOf";
            case "oneOf" -> "must match exactly one schema in oneOf";
            case "false" -> "boolean schema is false";
            default -> error.getMessage();
        };
    }

    /** The schema's {@code type}: "string", or a list joined as Ajv joins it ("string,null"). */
    private static String types(JsonNode type) {
        if (type == null) {
            return "";
        }
        if (type.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonNode element : type) {
                joined.append(joined.isEmpty() ? "" : ",").append(element.asText());
            }
            return joined.toString();
        }
        return type.asText();
    }

    /** The JSON Pointer of a location ("" for the root, "/a/0/b~1c"). */
    private static String pointer(NodePath path) {
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            String name = String.valueOf(path.getElement(i));
            pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }
}
