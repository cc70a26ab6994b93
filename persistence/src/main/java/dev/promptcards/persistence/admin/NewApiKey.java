package dev.promptcards.persistence.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A key just created: the only time its secret is known ({@link #key}); the store keeps its hash.
 *
 * @param id        the key's id (what lists, revokes and the audit log name)
 * @param workspace the workspace it belongs to
 * @param name      its label
 * @param role      its role in the workspace
 * @param key       the secret, {@code pck_} and 43 characters; show it once
 * @param createdAt when it was created
 */
public record NewApiKey(String id, String workspace, String name, WorkspaceRole role, String key, Instant createdAt) {

    /** Checks that every part is present. */
    public NewApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The key without its secret, so that logging the record does not leak it. */
    @Override
    public String toString() {
        return "NewApiKey[id=" + id + ", workspace=" + workspace + ", name=" + name + ", role=" + role + "]";
    }
}
