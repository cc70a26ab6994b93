package dev.promptcards.server.api;

import static dev.promptcards.server.api.openapi.JsonSchema.array;
import static dev.promptcards.server.api.openapi.JsonSchema.bool;
import static dev.promptcards.server.api.openapi.JsonSchema.integer;
import static dev.promptcards.server.api.openapi.JsonSchema.number;
import static dev.promptcards.server.api.openapi.JsonSchema.object;
import static dev.promptcards.server.api.openapi.JsonSchema.ref;
import static dev.promptcards.server.api.openapi.JsonSchema.string;

import dev.promptcards.persistence.admin.ActorKind;
import dev.promptcards.persistence.admin.WorkspaceRole;
import dev.promptcards.server.api.openapi.JsonSchema;
import dev.promptcards.server.auth.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The component schemas of the admin endpoints: bodies as {@link AdminBody} reads them for each routes class,
 * answers as {@link AdminJson} writes them.
 */
final class AdminSchemas {

    private static final JsonSchema TIME = string().format("date-time");
    private static final JsonSchema ROLE = JsonSchema.oneValueOf(Arrays.stream(WorkspaceRole.values())
            .map(WorkspaceRole::value).toArray(String[]::new));

    private AdminSchemas() {
    }

    /** @return the schemas by component name */
    static Map<String, JsonSchema> all() {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        schemas.put("Quotas", object().description("Limits of a workspace; null is no limit.")
                .property("maxCards", integer().orNull().minimum(0))
                .property("maxConnections", integer().orNull().minimum(0))
                .property("maxRunsPerDay", integer().orNull().minimum(0))
                .property("maxCostPerMonthUsd", number().orNull().minimum(0)));
        schemas.put("Usage", object().description("What the workspace uses of its quotas.")
                .required("cards", "connections", "runsToday", "costThisMonthUsd")
                .property("cards", integer().minimum(0).description("Cards not deleted."))
                .property("connections", integer().minimum(0).description("WebSocket connections on the node"
                        + " that answers (each node counts its own)."))
                .property("runsToday", integer().minimum(0).description("Runs started in the UTC day."))
                .property("costThisMonthUsd", number().minimum(0).description("The stored cost of the runs"
                        + " started in the UTC month.")));
        schemas.put("Workspace", object().required("id", "name", "createdAt", "quotas")
                .property("id", string())
                .property("name", string())
                .property("createdAt", TIME)
                .property("quotas", ref("Quotas"))
                .property("usage", ref("Usage").description("In GET /workspaces/{workspace} only.")));
        schemas.put("WorkspaceCreate", object().required("id").closed()
                .property("id", ApiComponents.ID)
                .property("name", string()));
        schemas.put("WorkspacePatch", object().closed()
                .property("name", string())
                .property("quotas", JsonSchema.allOf(ref("Quotas"))
                        .description("A quota left out keeps its value; null lifts it.")));
        schemas.put("MemberRole", object().required("role").closed().property("role", ROLE));
        schemas.put("Member", object().required("subject", "role", "addedAt")
                .property("subject", string())
                .property("role", ROLE)
                .property("addedAt", TIME));
        schemas.put("MemberList", object().required("members").property("members", array(ref("Member"))));
        schemas.put("ApiKeyCreate", object().required("name", "role").closed()
                .property("name", string())
                .property("role", ROLE));
        schemas.put("NewApiKey", object().required("id", "name", "role", "key", "createdAt")
                .property("id", string())
                .property("name", string())
                .property("role", ROLE)
                .property("key", string().description("The key itself, shown this once."))
                .property("createdAt", TIME));
        schemas.put("ApiKey", object().required("id", "name", "role", "createdAt", "lastUsedAt", "revokedAt")
                .property("id", string())
                .property("name", string())
                .property("role", ROLE)
                .property("createdAt", TIME)
                .property("lastUsedAt", TIME.orNull())
                .property("revokedAt", TIME.orNull()));
        schemas.put("ApiKeyList", object().required("apiKeys").property("apiKeys", array(ref("ApiKey"))));
        schemas.putAll(audit());
        schemas.put("TokenRequest", object().required("sub", "cards", "role", "ttlSeconds").closed()
                .property("sub", string())
                .property("name", string())
                .property("cards", JsonSchema.oneOf(JsonSchema.constant("*"), array(string()).minItems(1)))
                .property("role", JsonSchema.oneValueOf(Arrays.stream(Role.values()).map(Role::claim)
                        .toArray(String[]::new)))
                .property("ttlSeconds", integer().minimum(1).maximum(TokenRoutes.MAX_TTL_SECONDS)));
        schemas.put("MintedToken", object().required("token", "expiresAt")
                .property("token", string())
                .property("expiresAt", TIME));
        schemas.put("ShareRequest", object().required("role", "ttlSeconds").closed()
                .property("role", JsonSchema.oneValueOf(Arrays.stream(Role.values()).map(Role::claim)
                        .toArray(String[]::new)))
                .property("ttlSeconds", integer().minimum(1).maximum(ShareRoutes.MAX_TTL_SECONDS)));
        schemas.put("SharedLink", object().required("token", "expiresAt", "url")
                .property("token", string())
                .property("expiresAt", TIME)
                .property("url", string()));
        return schemas;
    }

    private static Map<String, JsonSchema> audit() {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        schemas.put("AuditEntry", object()
                .required("id", "at", "actorKind", "actor", "action", "target", "detail", "prevHash", "hash")
                .property("id", integer())
                .property("at", TIME)
                .property("actorKind", JsonSchema.oneValueOf(Arrays.stream(ActorKind.values())
                        .map(ActorKind::value).toArray(String[]::new)))
                .property("actor", string())
                .property("action", string())
                .property("target", string().orNull())
                .property("detail", string().orNull())
                .property("prevHash", string())
                .property("hash", string().description("SHA-256 over prevHash and the entry's content.")));
        schemas.put("AuditPage", object().required("entries").property("entries", array(ref("AuditEntry"))));
        schemas.put("AuditVerification", object().required("valid", "entries", "firstBad")
                .property("valid", bool())
                .property("entries", integer())
                .property("firstBad", integer().orNull()));
        return schemas;
    }
}
