package dev.promptcards.persistence.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of a workspace's audit log.
 *
 * @param id        its id: rows of a workspace are in chain order by id
 * @param workspace the workspace
 * @param at        when it was appended (the database's clock, to the microsecond)
 * @param actorKind who acted: the operator, an API key or a token
 * @param actor     {@code operator}, the key's id or the token's subject
 * @param action    what was done, e.g. {@code api_key.create}
 * @param target    what it was done to (null if nothing in particular)
 * @param detail    JSON text with more (null if none)
 * @param prevHash  the hash of the workspace's previous row ({@link AuditHash#GENESIS} for the first)
 * @param hash      this row's hash ({@link AuditHash})
 */
public record AuditEntry(long id, String workspace, Instant at, ActorKind actorKind, String actor, String action,
                         String target, String detail, String prevHash, String hash) {

    /** Checks that the required parts are present. */
    public AuditEntry {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
