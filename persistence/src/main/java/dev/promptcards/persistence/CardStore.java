package dev.promptcards.persistence;

import dev.promptcards.card.CardKey;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;

/**
 * The cards of each workspace: created on first use, listed, soft-deleted.
 *
 * <p>Workspace ids and card names are what the WebSocket path carries ({@code /ws/{workspace}/{card}}):
 * 1 to 128 characters of {@code [A-Za-z0-9._-]}; anything else is refused with
 * {@link IllegalArgumentException} before a query is made.
 *
 * <p>A soft-deleted card is gone for every method here but {@link #restore}: not found, not listed, not deleted
 * again and not created again under its name (its rows stay in the database, so a restore brings it back
 * whole).
 *
 * <p>Thread-safe: every call runs its own statements on the pool.
 */
public final class CardStore {

    /** Thrown by {@link #create} when the card exists but was soft-deleted. */
    public static final class CardDeletedException extends RuntimeException {
        private final String workspace;
        private final String name;

        CardDeletedException(String workspace, String name) {
            super("card " + workspace + "/" + name + " was deleted");
            this.workspace = workspace;
            this.name = name;
        }

        /** @return the workspace id */
        public String workspace() {
            return workspace;
        }

        /** @return the card's name */
        public String name() {
            return name;
        }
    }

    /**
     * The most characters of a title the listing keeps (a longer one is cut): a title is a line, and a page of
     * {@link CardSearch#MAX_LIMIT} cards stays small whatever a client typed into one.
     */
    public static final int MAX_LISTED_TITLE = 500;

    private final DSLContext dsl;

    /**
     * A store on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@link Database#dsl()})
     */
    public CardStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Finds a card that exists and is not deleted.
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @return the card, or empty if there is none (or it was deleted)
     * @throws IllegalArgumentException if a name is not valid
     */
    public Optional<CardRef> find(String workspace, String name) {
        check("workspace", workspace);
        check("card", name);
        return dsl.select(CARDS.PK)
                .from(CARDS)
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(name), CARDS.DELETED_AT.isNull())
                .fetchOptional(CARDS.PK)
                .map(pk -> new CardRef(pk, workspace, name));
    }

    /**
     * Creates a card (and its workspace, if new), or returns it if it exists. Concurrent calls for the same
     * card, in this process or others, all return the one card. A new card must fit in its workspace's quota
     * of cards ({@code workspaces.max_cards}, counted under a lock of the workspace's row, so that concurrent
     * creations cannot pass it together).
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @param createdBy who creates it (recorded only by the call that actually creates it)
     * @return the card
     * @throws IllegalArgumentException    if a name is not valid
     * @throws CardDeletedException        if the card exists and was deleted
     * @throws CardQuotaExceededException if the card is new and the workspace holds its quota of cards
     */
    public CardRef create(String workspace, String name, String createdBy) {
        check("workspace", workspace);
        check("card", name);
        Objects.requireNonNull(createdBy, "createdBy");
        Record2<Long, OffsetDateTime> row = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.insertInto(WORKSPACES, WORKSPACES.ID).values(workspace).onConflictDoNothing().execute();
            // the workspace's row locked first: concurrent creations of its cards wait here, then see each other
            Integer maxCards = lockWorkspace(tx, workspace).orElseThrow();
            Record2<Long, OffsetDateTime> existing = row(tx, workspace, name);
            if (existing != null) {
                return existing;
            }
            requireQuota(tx, workspace, maxCards);
            tx.insertInto(CARDS, CARDS.WORKSPACE, CARDS.NAME, CARDS.CREATED_BY)
                    .values(workspace, name, createdBy)
                    .execute();
            return row(tx, workspace, name);
        });
        if (row.value2() != null) {
            throw new CardDeletedException(workspace, name);
        }
        return new CardRef(row.value1(), workspace, name);
    }

    /**
     * Creates a card that must not exist yet, in a workspace that exists (the API's create), with its title.
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @param createdBy who creates it
     * @param title     its title as the listing shows it ({@code ""} for none)
     * @return the new card
     * @throws IllegalArgumentException    if a name is not valid, or the workspace does not exist
     * @throws CardExistsException         if a card of that name exists
     * @throws CardDeletedException        if a card of that name exists and was deleted
     * @throws CardQuotaExceededException if the workspace holds its quota of cards
     */
    public CardRef createNew(String workspace, String name, String createdBy, String title) {
        return createNew(workspace, name, createdBy, title, false);
    }

    /**
     * Creates a card that must not exist yet, with its title; its workspace too when {@code makeWorkspace} (a card
     * token's holder creating a card, as the WebSocket does on a first open: the token's issuer vouches for the
     * workspace).
     *
     * @param workspace     the workspace id
     * @param name          the card's name
     * @param createdBy     who creates it
     * @param title         its title as the listing shows it ({@code ""} for none)
     * @param makeWorkspace whether a workspace that does not exist is made
     * @return the new card
     * @throws IllegalArgumentException    if a name is not valid, or the workspace does not exist and is not made
     * @throws CardExistsException         if a card of that name exists
     * @throws CardDeletedException        if a card of that name exists and was deleted
     * @throws CardQuotaExceededException if the workspace holds its quota of cards
     */
    public CardRef createNew(String workspace, String name, String createdBy, String title, boolean makeWorkspace) {
        check("workspace", workspace);
        check("card", name);
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(title, "title");
        long pk = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            if (makeWorkspace) {
                tx.insertInto(WORKSPACES, WORKSPACES.ID).values(workspace).onConflictDoNothing().execute();
            }
            Integer maxCards = lockWorkspace(tx, workspace).orElseThrow(() ->
                    new IllegalArgumentException("no workspace " + workspace));
            Record2<Long, OffsetDateTime> existing = row(tx, workspace, name);
            if (existing != null) {
                throw existing.value2() == null ? new CardExistsException(workspace, name)
                        : new CardDeletedException(workspace, name);
            }
            requireQuota(tx, workspace, maxCards);
            return tx.insertInto(CARDS, CARDS.WORKSPACE, CARDS.NAME, CARDS.CREATED_BY, CARDS.TITLE)
                    .values(workspace, name, createdBy, listed(title))
                    .returning(CARDS.PK)
                    .fetchSingle(CARDS.PK);
        });
        return new CardRef(pk, workspace, name);
    }

    /**
     * A card that exists and is not deleted, as listed.
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @return the card, or empty if there is none (or it was deleted)
     * @throws IllegalArgumentException if a name is not valid
     */
    public Optional<CardInfo> info(String workspace, String name) {
        check("workspace", workspace);
        check("card", name);
        return dsl.select(CARDS.WORKSPACE, CARDS.NAME, CARDS.TITLE, CARDS.CREATED_BY, CARDS.CREATED_AT,
                        CARDS.UPDATED_AT)
                .from(CARDS)
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(name), CARDS.DELETED_AT.isNull())
                .fetchOptional(r -> new CardInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5().toInstant(), r.value6().toInstant()));
    }

    /**
     * Records what the listing shows of a card whose updates were stored: its title, and now as its last update.
     *
     * @param card  the card
     * @param title its title now
     * @return false if the card was deleted meanwhile (nothing changed)
     */
    public boolean touch(CardRef card, String title) {
        Objects.requireNonNull(title, "title");
        return dsl.update(CARDS)
                .set(CARDS.TITLE, listed(title))
                .set(CARDS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(CARDS.PK.eq(card.id()), CARDS.DELETED_AT.isNull())
                .execute() == 1;
    }

    /** Locks the workspace's row and reads its quota of cards: empty if there is no such workspace. */
    private static Optional<Integer> lockWorkspace(DSLContext tx, String workspace) {
        // FOR NO KEY UPDATE: serializes the creators of cards without blocking inserts that only reference the row
        return tx.select(WORKSPACES.MAX_CARDS)
                .from(WORKSPACES)
                .where(WORKSPACES.ID.eq(workspace))
                .forNoKeyUpdate()
                .fetchOptional()
                .map(r -> r.value1() == null ? Integer.valueOf(-1) : r.value1());
    }

    /** @throws CardQuotaExceededException if the workspace holds {@code maxCards} cards (-1: no quota) */
    private static void requireQuota(DSLContext tx, String workspace, int maxCards) {
        if (maxCards >= 0 && tx.fetchCount(CARDS, CARDS.WORKSPACE.eq(workspace), CARDS.DELETED_AT.isNull())
                >= maxCards) {
            throw new CardQuotaExceededException(workspace, maxCards);
        }
    }

    private static Record2<Long, OffsetDateTime> row(DSLContext tx, String workspace, String name) {
        return tx.select(CARDS.PK, CARDS.DELETED_AT)
                .from(CARDS)
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(name))
                .fetchOne();
    }

    /**
     * Lists a workspace's cards that are not deleted, by name (in code point order).
     *
     * @param workspace the workspace id
     * @return the cards, empty for an unknown workspace
     * @throws IllegalArgumentException if the workspace id is not valid
     */
    public List<CardInfo> list(String workspace) {
        check("workspace", workspace);
        return dsl.select(CARDS.WORKSPACE, CARDS.NAME, CARDS.TITLE, CARDS.CREATED_BY, CARDS.CREATED_AT,
                        CARDS.UPDATED_AT)
                .from(CARDS)
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.DELETED_AT.isNull())
                .orderBy(CARDS.NAME.collate(DSL.collation(DSL.name("C"))))
                .fetch(r -> new CardInfo(r.value1(), r.value2(), r.value3(), r.value4(),
                        r.value5().toInstant(), r.value6().toInstant()));
    }

    /**
     * Soft-deletes a card: it stays in the database, marked deleted, and is gone for this store.
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @return true if this call deleted it; false if there was no such card or it was already deleted
     * @throws IllegalArgumentException if a name is not valid
     */
    public boolean softDelete(String workspace, String name) {
        check("workspace", workspace);
        check("card", name);
        return dsl.update(CARDS)
                .set(CARDS.DELETED_AT, DSL.currentOffsetDateTime())
                .set(CARDS.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(name), CARDS.DELETED_AT.isNull())
                .execute() == 1;
    }

    /**
     * Brings a soft-deleted card back, with its id, log and snapshots as they were. It must fit in its
     * workspace's quota of cards again.
     *
     * @param workspace the workspace id
     * @param name      the card's name
     * @return true if this call restored it; false if there was no such card or it was not deleted
     * @throws IllegalArgumentException    if a name is not valid
     * @throws CardQuotaExceededException if the card is deleted and the workspace holds its quota of cards
     */
    public boolean restore(String workspace, String name) {
        check("workspace", workspace);
        check("card", name);
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Optional<Integer> maxCards = lockWorkspace(tx, workspace);
            Record2<Long, OffsetDateTime> existing = row(tx, workspace, name);
            if (maxCards.isEmpty() || existing == null || existing.value2() == null) {
                return false;
            }
            requireQuota(tx, workspace, maxCards.get());
            return tx.update(CARDS)
                    .setNull(CARDS.DELETED_AT)
                    .set(CARDS.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(CARDS.PK.eq(existing.value1()))
                    .execute() == 1;
        });
    }

    /** A title as the listing keeps it: at most {@link #MAX_LISTED_TITLE} characters, no half surrogate pair. */
    static String listed(String title) {
        if (title.length() <= MAX_LISTED_TITLE) {
            return title;
        }
        int end = Character.isHighSurrogate(title.charAt(MAX_LISTED_TITLE - 1)) ? MAX_LISTED_TITLE - 1
                : MAX_LISTED_TITLE;
        return title.substring(0, end);
    }

    /** The one rule for workspace and card names: {@link CardKey}'s. */
    private static void check(String what, String name) {
        CardKey.checkId(what, name);
    }
}
