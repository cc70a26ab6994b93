package dev.promptcards.persistence.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.promptcards.card.CardKey;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import static dev.promptcards.persistence.jooq.Tables.AUDIT_LOG;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;

/**
 * The audit log: who did what in a workspace, each row chained to the workspace's previous one by
 * {@link AuditHash}, so that a row changed, removed or moved in the database is found by {@link #verify}.
 * (Rows removed from the end leave no trace in the chain; a copy of the last hash kept elsewhere would.)
 *
 * <p>Appends of one workspace are serialized by a transaction-level advisory lock, so that each reads the
 * hash of the row before it and the chain never forks; appends of different workspaces do not wait for each
 * other (unless their ids' hashes collide, which only makes them wait).
 *
 * <p>Thread-safe: every call is one transaction on the pool.
 */
public final class AuditLog {

    /** The most rows {@link #page} returns. */
    public static final int MAX_PAGE = 1000;
    /** The longest detail kept, in characters. */
    public static final int MAX_DETAIL_LENGTH = 65_536;

    /** The first key of the advisory lock of appends (the second is the workspace's hashtext). Two-key
     *  advisory locks do not overlap with the one-key locks of compaction (PostgreSQL's docs, "Advisory
     *  Locks"); the value is "AUDT" in ASCII, unique to this use. */
    private static final int LOCK_CLASS = 0x41554454;
    private static final int VERIFY_BATCH = 1000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final DSLContext dsl;

    /**
     * A log on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@code Database.dsl()})
     */
    public AuditLog(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Appends a row at the end of a workspace's chain, timed by the database's clock.
     *
     * @param workspace the workspace
     * @param actorKind who acted
     * @param actor     {@code operator}, the key's id or the token's subject (1 to 256 characters)
     * @param action    what was done (1 to 256 characters), e.g. {@code api_key.create}
     * @param target    what it was done to (up to 256 characters), or null
     * @param detail    one JSON value as text (up to {@value #MAX_DETAIL_LENGTH} characters), or null
     * @return the row as stored
     * @throws IllegalArgumentException if a value is not valid (detail not JSON: the parser's message)
     * @throws NoSuchWorkspaceException if there is no such workspace
     */
    public AuditEntry append(String workspace, ActorKind actorKind, String actor, String action, String target,
                             String detail) {
        CardKey.checkId("workspace", workspace);
        Objects.requireNonNull(actorKind, "actorKind");
        AdminText.check("actor", actor, false);
        AdminText.check("action", action, false);
        if (target != null) {
            AdminText.check("target", target, true);
        }
        if (detail != null) {
            checkDetail(detail);
        }
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.select(DSL.field("pg_advisory_xact_lock({0}, hashtext({1}))", Object.class,
                    DSL.inline(LOCK_CLASS), DSL.val(workspace))).fetch();
            if (!tx.fetchExists(tx.selectOne().from(WORKSPACES).where(WORKSPACES.ID.eq(workspace)).forKeyShare())) {
                throw new NoSuchWorkspaceException(workspace);
            }
            String prevHash = tx.select(AUDIT_LOG.HASH)
                    .from(AUDIT_LOG)
                    .where(AUDIT_LOG.WORKSPACE.eq(workspace))
                    .orderBy(AUDIT_LOG.ID.desc())
                    .limit(1)
                    .fetchOptional(AUDIT_LOG.HASH)
                    .orElse(AuditHash.GENESIS);
            // clock_timestamp, not now(): the time after the lock, so that times follow the chain's order
            OffsetDateTime at = tx.select(DSL.field("clock_timestamp()", OffsetDateTime.class)).fetchSingle().value1();
            String hash = AuditHash.of(prevHash, workspace, at.toInstant(), actorKind, actor, action, target, detail);
            long id = tx.insertInto(AUDIT_LOG, AUDIT_LOG.WORKSPACE, AUDIT_LOG.AT, AUDIT_LOG.ACTOR_KIND, AUDIT_LOG.ACTOR,
                            AUDIT_LOG.ACTION, AUDIT_LOG.TARGET, AUDIT_LOG.DETAIL, AUDIT_LOG.PREV_HASH, AUDIT_LOG.HASH)
                    .values(workspace, at, actorKind.value(), actor, action, target, detail, prevHash, hash)
                    .returning(AUDIT_LOG.ID)
                    .fetchSingle(AUDIT_LOG.ID);
            return new AuditEntry(id, workspace, at.toInstant(), actorKind, actor, action, target, detail, prevHash,
                    hash);
        });
    }

    /**
     * A page of a workspace's log, oldest first.
     *
     * @param workspace the workspace
     * @param after     the id of the last row of the previous page; 0 for the first page
     * @param limit     how many rows at most, 1 to {@value #MAX_PAGE}
     * @return the rows with ids above {@code after}, in chain order; empty at the end (or for an unknown
     *         workspace)
     * @throws IllegalArgumentException if the workspace id or the limit is not valid, or after is negative
     */
    public List<AuditEntry> page(String workspace, long after, int limit) {
        CardKey.checkId("workspace", workspace);
        if (after < 0) {
            throw new IllegalArgumentException("after must be at least 0, not " + after);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", not " + limit);
        }
        return dsl.selectFrom(AUDIT_LOG)
                .where(AUDIT_LOG.WORKSPACE.eq(workspace), AUDIT_LOG.ID.gt(after))
                .orderBy(AUDIT_LOG.ID)
                .limit(limit)
                .fetch(AuditLog::entry);
    }

    /**
     * Recomputes a workspace's chain from its first row and compares it with the stored hashes.
     *
     * @param workspace the workspace
     * @return valid with the number of rows, or the id of the first row whose stored previous hash or hash
     *         is not the one recomputed
     * @throws IllegalArgumentException if the workspace id is not valid
     */
    public AuditVerification verify(String workspace) {
        CardKey.checkId("workspace", workspace);
        // one transaction, repeatable read: the batches see one snapshot even while rows are appended
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.execute("set transaction isolation level repeatable read, read only");
            String expected = AuditHash.GENESIS;
            Long firstBad = null;
            long entries = 0;
            long after = 0;
            while (true) {
                List<AuditEntry> batch = tx.selectFrom(AUDIT_LOG)
                        .where(AUDIT_LOG.WORKSPACE.eq(workspace), AUDIT_LOG.ID.gt(after))
                        .orderBy(AUDIT_LOG.ID)
                        .limit(VERIFY_BATCH)
                        .fetch(AuditLog::entry);
                for (AuditEntry entry : batch) {
                    entries++;
                    if (firstBad == null) {
                        String recomputed = AuditHash.of(expected, entry);
                        if (!entry.prevHash().equals(expected) || !entry.hash().equals(recomputed)) {
                            firstBad = entry.id();
                        }
                        expected = recomputed;
                    }
                }
                if (batch.size() < VERIFY_BATCH) {
                    return new AuditVerification(firstBad == null, entries, firstBad);
                }
                after = batch.getLast().id();
            }
        });
    }

    private static void checkDetail(String detail) {
        if (detail.length() > MAX_DETAIL_LENGTH) {
            throw new IllegalArgumentException("detail is longer than " + MAX_DETAIL_LENGTH + " characters");
        }
        AdminText.checkStorable("detail", detail);
        if (detail.isBlank()) {
            throw new IllegalArgumentException("detail is blank: give null or a JSON value");
        }
        try {
            JSON.readTree(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("detail is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static AuditEntry entry(Record r) {
        return new AuditEntry(r.get(AUDIT_LOG.ID), r.get(AUDIT_LOG.WORKSPACE), r.get(AUDIT_LOG.AT).toInstant(),
                ActorKind.parse(r.get(AUDIT_LOG.ACTOR_KIND)), r.get(AUDIT_LOG.ACTOR), r.get(AUDIT_LOG.ACTION),
                r.get(AUDIT_LOG.TARGET), r.get(AUDIT_LOG.DETAIL), r.get(AUDIT_LOG.PREV_HASH), r.get(AUDIT_LOG.HASH));
    }
}
