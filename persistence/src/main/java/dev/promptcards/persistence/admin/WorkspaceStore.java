package dev.promptcards.persistence.admin;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.jooq.tables.records.WorkspacesRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACE_MEMBERS;

/**
 * Workspaces (name, quotas) and their members.
 *
 * <p>Workspace ids follow {@link CardKey}'s rule (1 to 128 characters of {@code [A-Za-z0-9._-]}); names and
 * subjects are 1 to {@value AdminText#MAX_LENGTH} characters (a workspace name may be empty). Anything else is
 * refused with {@link IllegalArgumentException} before a query is made. A workspace that
 * {@code CardStore.create} made implicitly (a name in a token) is a workspace here too, with the name
 * {@code ""} and no limits.
 *
 * <p>Thread-safe: every call is one statement or one transaction on the pool.
 */
public final class WorkspaceStore {
    /**
     * Whether an upsert's row was inserted rather than updated: an inserted row version has no deleting
     * transaction yet, so its {@code xmax} is 0 (PostgreSQL's system columns; the usual way to tell
     * {@code INSERT ... ON CONFLICT DO UPDATE}'s two outcomes apart).
     */
    private static final Field<Boolean> INSERTED = DSL.field("(xmax = 0)", SQLDataType.BOOLEAN).as("inserted");

    private final DSLContext dsl;

    /**
     * A store on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@code Database.dsl()})
     */
    public WorkspaceStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Creates a workspace with no limits.
     *
     * @param id   the workspace id
     * @param name its display name (may be empty)
     * @return the workspace
     * @throws IllegalArgumentException  if the id or the name is not valid
     * @throws WorkspaceExistsException  if a workspace with this id exists
     */
    public Workspace create(String id, String name) {
        CardKey.checkId("workspace", id);
        AdminText.check("workspace name", name, true);
        // ON CONFLICT DO NOTHING: a concurrent create of the same id waits for ours, then inserts nothing
        Optional<WorkspacesRecord> inserted = dsl.insertInto(WORKSPACES, WORKSPACES.ID, WORKSPACES.NAME)
                .values(id, name)
                .onConflictDoNothing()
                .returning()
                .fetchOptional();
        return inserted.map(WorkspaceStore::workspace).orElseThrow(() -> new WorkspaceExistsException(id));
    }

    /**
     * Finds a workspace.
     *
     * @param id the workspace id
     * @return the workspace, or empty if there is none
     * @throws IllegalArgumentException if the id is not valid
     */
    public Optional<Workspace> get(String id) {
        CardKey.checkId("workspace", id);
        return dsl.selectFrom(WORKSPACES).where(WORKSPACES.ID.eq(id)).fetchOptional().map(WorkspaceStore::workspace);
    }

    /**
     * Lists every workspace, by id (in code point order).
     *
     * @return the workspaces
     */
    public List<Workspace> list() {
        return dsl.selectFrom(WORKSPACES)
                .orderBy(WORKSPACES.ID.collate(DSL.collation(DSL.name("C"))))
                .fetch(WorkspaceStore::workspace);
    }

    /**
     * Renames a workspace.
     *
     * @param id   the workspace id
     * @param name the new display name (may be empty)
     * @return the workspace as it is now
     * @throws IllegalArgumentException if the id or the name is not valid
     * @throws NoSuchWorkspaceException if there is no such workspace
     */
    public Workspace rename(String id, String name) {
        CardKey.checkId("workspace", id);
        AdminText.check("workspace name", name, true);
        return dsl.update(WORKSPACES)
                .set(WORKSPACES.NAME, name)
                .where(WORKSPACES.ID.eq(id))
                .returning()
                .fetchOptional()
                .map(WorkspaceStore::workspace)
                .orElseThrow(() -> new NoSuchWorkspaceException(id));
    }

    /**
     * Replaces a workspace's quotas, all four at once (a PATCH merges with {@link #get} first).
     *
     * @param id     the workspace id
     * @param quotas the limits; {@link Quotas#UNLIMITED} for none
     * @return the workspace as it is now
     * @throws IllegalArgumentException if the id is not valid
     * @throws NoSuchWorkspaceException if there is no such workspace
     */
    public Workspace setQuotas(String id, Quotas quotas) {
        CardKey.checkId("workspace", id);
        Objects.requireNonNull(quotas, "quotas");
        return dsl.update(WORKSPACES)
                .set(WORKSPACES.MAX_CARDS, quotas.maxCards())
                .set(WORKSPACES.MAX_CONNECTIONS, quotas.maxConnections())
                .set(WORKSPACES.MAX_RUNS_PER_DAY, quotas.maxRunsPerDay())
                .set(WORKSPACES.MAX_COST_PER_MONTH_USD, quotas.maxCostPerMonthUsd())
                .where(WORKSPACES.ID.eq(id))
                .returning()
                .fetchOptional()
                .map(WorkspaceStore::workspace)
                .orElseThrow(() -> new NoSuchWorkspaceException(id));
    }

    // ----------------------------------------------------------------------------------------- members

    /**
     * Makes a subject a member with a role, or changes the role of a member (who keeps their
     * {@link Member#addedAt}).
     *
     * @param workspace the workspace id
     * @param subject   the member's token subject
     * @param role      the role
     * @return the member as stored now, and whether the subject was added (not a member before)
     * @throws IllegalArgumentException if the id or the subject is not valid
     * @throws NoSuchWorkspaceException if there is no such workspace
     */
    public MemberPut putMember(String workspace, String subject, WorkspaceRole role) {
        CardKey.checkId("workspace", workspace);
        AdminText.check("subject", subject, false);
        Objects.requireNonNull(role, "role");
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            // FOR KEY SHARE, as the foreign key would take it, but answering "no such workspace" itself
            if (!tx.fetchExists(tx.selectOne().from(WORKSPACES).where(WORKSPACES.ID.eq(workspace)).forKeyShare())) {
                throw new NoSuchWorkspaceException(workspace);
            }
            return tx.insertInto(WORKSPACE_MEMBERS, WORKSPACE_MEMBERS.WORKSPACE, WORKSPACE_MEMBERS.SUBJECT,
                            WORKSPACE_MEMBERS.ROLE)
                    .values(workspace, subject, role.value())
                    .onConflict(WORKSPACE_MEMBERS.WORKSPACE, WORKSPACE_MEMBERS.SUBJECT)
                    .doUpdate()
                    .set(WORKSPACE_MEMBERS.ROLE, role.value())
                    .returningResult(WORKSPACE_MEMBERS.WORKSPACE, WORKSPACE_MEMBERS.SUBJECT, WORKSPACE_MEMBERS.ROLE,
                            WORKSPACE_MEMBERS.ADDED_AT, INSERTED)
                    .fetchSingle(r -> new MemberPut(member(r), r.get(INSERTED)));
        });
    }

    /**
     * Removes a member.
     *
     * @param workspace the workspace id
     * @param subject   the member's token subject
     * @return true if this call removed them; false if they were not a member
     * @throws IllegalArgumentException if the id or the subject is not valid
     */
    public boolean removeMember(String workspace, String subject) {
        CardKey.checkId("workspace", workspace);
        AdminText.check("subject", subject, false);
        return dsl.deleteFrom(WORKSPACE_MEMBERS)
                .where(WORKSPACE_MEMBERS.WORKSPACE.eq(workspace), WORKSPACE_MEMBERS.SUBJECT.eq(subject))
                .execute() == 1;
    }

    /**
     * A member's role.
     *
     * @param workspace the workspace id
     * @param subject   the token subject
     * @return the role, or empty if the subject is not a member (or there is no such workspace)
     * @throws IllegalArgumentException if the id or the subject is not valid
     */
    public Optional<WorkspaceRole> memberRole(String workspace, String subject) {
        CardKey.checkId("workspace", workspace);
        AdminText.check("subject", subject, false);
        return dsl.select(WORKSPACE_MEMBERS.ROLE)
                .from(WORKSPACE_MEMBERS)
                .where(WORKSPACE_MEMBERS.WORKSPACE.eq(workspace), WORKSPACE_MEMBERS.SUBJECT.eq(subject))
                .fetchOptional(WORKSPACE_MEMBERS.ROLE)
                .map(WorkspaceRole::parse);
    }

    /**
     * A workspace's members, by subject (in code point order).
     *
     * @param workspace the workspace id
     * @return the members, empty for an unknown workspace
     * @throws IllegalArgumentException if the id is not valid
     */
    public List<Member> members(String workspace) {
        CardKey.checkId("workspace", workspace);
        return dsl.selectFrom(WORKSPACE_MEMBERS)
                .where(WORKSPACE_MEMBERS.WORKSPACE.eq(workspace))
                .orderBy(WORKSPACE_MEMBERS.SUBJECT.collate(DSL.collation(DSL.name("C"))))
                .fetch(WorkspaceStore::member);
    }

    private static Workspace workspace(WorkspacesRecord r) {
        return new Workspace(r.getId(), r.getName(),
                new Quotas(r.getMaxCards(), r.getMaxConnections(), r.getMaxRunsPerDay(),
                        r.getMaxCostPerMonthUsd()),
                r.getCreatedAt().toInstant());
    }

    private static Member member(Record r) {
        return new Member(r.get(WORKSPACE_MEMBERS.WORKSPACE), r.get(WORKSPACE_MEMBERS.SUBJECT),
                WorkspaceRole.parse(r.get(WORKSPACE_MEMBERS.ROLE)), r.get(WORKSPACE_MEMBERS.ADDED_AT).toInstant());
    }
}
