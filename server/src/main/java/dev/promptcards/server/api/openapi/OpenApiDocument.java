package dev.promptcards.server.api.openapi;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAPI 3.1 document assembled from operations: what the API says besides them (info, its base path as the
 * one server, the default security, the components), and for each path parameter name the parameter that
 * describes it, so a path's parameters come from its template. {@link #describe(List)} refuses a document that
 * would lie: two operations on one method and path, an operationId twice, a path parameter nothing describes, an
 * unknown security scheme, a {@code $ref} that resolves to nothing.
 *
 * @param info           the info object (title, version, description)
 * @param basePath       the prefix of every operation's path, the document's server URL
 * @param security       the schemes an operation takes unless it says otherwise (any one of them)
 * @param pathParameters by name in a path template, what describes it
 * @param components     the components object (schemas, parameters, responses, security schemes)
 */
public record OpenApiDocument(ObjectNode info, String basePath, List<String> security,
        Map<String, ApiParameter> pathParameters, ObjectNode components) {

    /** The version of OpenAPI the document follows. */
    public static final String VERSION = "3.1.0";

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    /** Copies the mutable parts. */
    public OpenApiDocument {
        info = info.deepCopy();
        security = List.copyOf(security);
        pathParameters = Map.copyOf(pathParameters);
        components = components.deepCopy();
    }

    /**
     * @param operations what the API serves, in the order to describe them
     * @return the document
     * @throws IllegalStateException when the document would not describe them truly (see above)
     */
    public ObjectNode describe(List<ApiOperation> operations) {
        ObjectNode document = JsonNodeFactory.instance.objectNode().put("openapi", VERSION);
        document.set("info", info.deepCopy());
        document.putArray("servers").addObject().put("url", basePath);
        document.set("security", requirements(security));
        ObjectNode paths = document.putObject("paths");
        Set<String> operationIds = new HashSet<>();
        for (ApiOperation operation : operations) {
            ObjectNode path = path(paths, operation);
            String method = operation.method().name().toLowerCase(Locale.ROOT);
            if (path.has(method)) {
                throw new IllegalStateException(operation + " is described twice");
            }
            ObjectNode described = operation.describe();
            JsonNode id = described.get("operationId");
            if (id == null || !operationIds.add(id.asText())) {
                throw new IllegalStateException(operation + " needs an operationId of its own, not " + id);
            }
            checkSecurity(operation, described.get("security"));
            path.set(method, described);
        }
        document.set("components", components.deepCopy());
        checkReferences(document, document, "");
        return document;
    }

    private ObjectNode path(ObjectNode paths, ApiOperation operation) {
        if (!operation.path().startsWith(basePath + "/")) {
            throw new IllegalStateException(operation + " is not under " + basePath);
        }
        String template = operation.path().substring(basePath.length());
        if (paths.has(template)) {
            return (ObjectNode) paths.get(template);
        }
        ObjectNode path = paths.putObject(template);
        List<JsonNode> parameters = new ArrayList<>();
        Matcher names = PATH_PARAMETER.matcher(template);
        while (names.find()) {
            ApiParameter parameter = pathParameters.get(names.group(1));
            if (parameter == null) {
                throw new IllegalStateException(operation + ": no parameter describes {" + names.group(1) + "}");
            }
            parameters.add(parameter.node());
        }
        if (!parameters.isEmpty()) {
            path.putArray("parameters").addAll(parameters);
        }
        return path;
    }

    private static ArrayNode requirements(List<String> schemes) {
        ArrayNode alternatives = JsonNodeFactory.instance.arrayNode();
        schemes.forEach(scheme -> alternatives.addObject().putArray(scheme));
        return alternatives;
    }

    private void checkSecurity(ApiOperation operation, JsonNode security) {
        JsonNode schemes = components.path("securitySchemes");
        for (JsonNode requirement : security == null ? requirements(this.security) : security) {
            requirement.fieldNames().forEachRemaining(name -> {
                if (!schemes.has(name)) {
                    throw new IllegalStateException(operation + " takes security scheme '" + name
                            + "', which the components do not define");
                }
            });
        }
    }

    /** Every local {@code $ref} must point at something in the document; {@code where} is a JSON pointer. */
    private static void checkReferences(JsonNode document, JsonNode node, String where) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            String target = ref.textValue();
            if (!target.startsWith("#/") || document.at(JsonPointer.compile(target.substring(1))).isMissingNode()) {
                throw new IllegalStateException("the reference " + target + " at " + where + " resolves to nothing");
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey().replace("~", "~0").replace("/", "~1");
                checkReferences(document, field.getValue(), where + "/" + key);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkReferences(document, node.get(i), where + "/" + i);
            }
        }
    }
}
