package dev.promptcards.persistence;

import dev.promptcards.card.CardKey;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Objects;

import static dev.promptcards.persistence.jooq.Tables.CARDS;

/**
 * The card listing of the API: a workspace's cards that are not deleted, searched by title and name, most
 * recently updated first, in pages.
 *
 * <p>Thread-safe: every call is one statement on the pool.
 */
public final class CardSearch {

    /** The most cards a page holds. */
    public static final int MAX_LIMIT = 500;
    /** The longest query, in characters. */
    public static final int MAX_QUERY_LENGTH = 256;

    private final DSLContext dsl;

    /**
     * A search on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@link Database#dsl()})
     */
    public CardSearch(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Finds a workspace's cards whose title or name contains {@code q}, case-insensitively ({@code %} and
     * {@code _} in it are plain characters), ordered by when they were last updated, newest first (then by
     * name, so that pages do not overlap while nothing changes).
     *
     * @param workspace the workspace id
     * @param q         what to look for; null or blank for every card
     * @param limit     how many cards at most, 1 to {@value #MAX_LIMIT}
     * @param offset    how many matching cards to skip, at least 0
     * @return the page, empty for an unknown workspace
     * @throws IllegalArgumentException if the workspace id, the query, the limit or the offset is not valid
     */
    public CardPage search(String workspace, String q, int limit, int offset) {
        CardKey.checkId("workspace", workspace);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be at least 0, not " + offset);
        }
        Condition matches = DSL.noCondition();
        if (q != null && !q.isBlank()) {
            if (q.length() > MAX_QUERY_LENGTH) {
                throw new IllegalArgumentException("q is longer than " + MAX_QUERY_LENGTH + " characters");
            }
            if (q.indexOf('\u0000') >= 0) {
                throw new IllegalArgumentException("q contains U+0000");
            }
            String term = q.strip();
            // containsIgnoreCase escapes % and _ (jOOQ's Field.contains docs) and renders ILIKE on PostgreSQL
            matches = CARDS.TITLE.containsIgnoreCase(term).or(CARDS.NAME.containsIgnoreCase(term));
        }
        // one more than the page, to tell whether another page follows
        List<CardInfo> found = dsl.select(CARDS.WORKSPACE, CARDS.NAME, CARDS.TITLE, CARDS.CREATED_BY,
                        CARDS.CREATED_AT, CARDS.UPDATED_AT)
                .from(CARDS)
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.DELETED_AT.isNull(), matches)
                .orderBy(CARDS.UPDATED_AT.desc(), CARDS.NAME.collate(DSL.collation(DSL.name("C"))))
                .limit(limit + 1)
                .offset(offset)
                .fetch(r -> new CardInfo(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(),
                        r.value6().toInstant()));
        boolean more = found.size() > limit;
        return new CardPage(more ? found.subList(0, limit) : found, offset, more);
    }

    /**
     * Counts a workspace's cards that are not deleted (what its {@code maxCards} quota counts).
     *
     * @param workspace the workspace id
     * @return the number of cards, 0 for an unknown workspace
     * @throws IllegalArgumentException if the workspace id is not valid
     */
    public int count(String workspace) {
        CardKey.checkId("workspace", workspace);
        return dsl.fetchCount(CARDS, CARDS.WORKSPACE.eq(workspace).and(CARDS.DELETED_AT.isNull()));
    }
}
