package dev.promptcards.server.api;

import dev.promptcards.persistence.admin.ApiKeyInfo;
import dev.promptcards.persistence.admin.AuditEntry;
import dev.promptcards.persistence.admin.AuditVerification;
import dev.promptcards.persistence.admin.Member;
import dev.promptcards.persistence.admin.NewApiKey;
import dev.promptcards.persistence.admin.Quotas;
import dev.promptcards.persistence.admin.Workspace;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin resources as the API answers them: every field present, {@code null} when unknown or unlimited. */
final class AdminJson {

    private AdminJson() {
    }

    static Map<String, Object> workspace(Workspace workspace) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", workspace.id());
        json.put("name", workspace.name());
        json.put("createdAt", time(workspace.createdAt()));
        json.put("quotas", quotas(workspace.quotas()));
        return json;
    }

    /** A workspace with what it uses of its quotas beside them ({@code "usage"}). */
    static Map<String, Object> workspace(Workspace workspace, WorkspaceUsage.Usage usage) {
        Map<String, Object> json = workspace(workspace);
        json.put("usage", usage(usage));
        return json;
    }

    static Map<String, Object> usage(WorkspaceUsage.Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cards", usage.cards());
        json.put("connections", usage.connections());
        json.put("runsToday", usage.runsToday());
        json.put("costThisMonthUsd", usage.costThisMonthUsd());
        return json;
    }

    static Map<String, Object> quotas(Quotas quotas) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("maxCards", quotas.maxCards());
        json.put("maxConnections", quotas.maxConnections());
        json.put("maxRunsPerDay", quotas.maxRunsPerDay());
        json.put("maxCostPerMonthUsd", quotas.maxCostPerMonthUsd());
        return json;
    }

    /** A key as it was created: the only answer that carries the key itself. */
    static Map<String, Object> newKey(NewApiKey key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("role", key.role().value());
        json.put("key", key.key());
        json.put("createdAt", time(key.createdAt()));
        return json;
    }

    static Map<String, Object> key(ApiKeyInfo key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("role", key.role().value());
        json.put("createdAt", time(key.createdAt()));
        json.put("lastUsedAt", time(key.lastUsedAt()));
        json.put("revokedAt", time(key.revokedAt()));
        return json;
    }

    static Map<String, Object> member(Member member) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", member.subject());
        json.put("role", member.role().value());
        json.put("addedAt", time(member.addedAt()));
        return json;
    }

    static Map<String, Object> auditEntry(AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("at", time(entry.at()));
        json.put("actorKind", entry.actorKind().value());
        json.put("actor", entry.actor());
        json.put("action", entry.action());
        json.put("target", entry.target());
        json.put("detail", entry.detail());
        json.put("prevHash", entry.prevHash());
        json.put("hash", entry.hash());
        return json;
    }

    static Map<String, Object> verification(AuditVerification verification) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", verification.valid());
        json.put("entries", verification.entries());
        json.put("firstBad", verification.firstBad());
        return json;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
