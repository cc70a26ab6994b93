package dev.promptcards.persistence.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A key as listed: neither the key nor its hash.
 *
 * @param id         the key's id
 * @param workspace  the workspace it belongs to
 * @param name       its label
 * @param role       its role in the workspace
 * @param createdAt  when it was created
 * @param lastUsedAt when it last authenticated, to the minute (null if never)
 * @param revokedAt  when it was revoked (null if it is valid)
 */
public record ApiKeyInfo(String id, String workspace, String name, WorkspaceRole role, Instant createdAt,
                         Instant lastUsedAt, Instant revokedAt) {

    /** Checks that the required parts are present. */
    public ApiKeyInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
