package dev.promptcards.persistence.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * A workspace as stored.
 *
 * @param id        its id (CardKey's rule)
 * @param name      its display name ({@code ""} for one created implicitly by a card)
 * @param quotas    its limits
 * @param createdAt when it was created
 */
public record Workspace(String id, String name, Quotas quotas, Instant createdAt) {

    /** Checks that every part is present. */
    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
