package dev.promptcards.persistence;

import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.OffsetDateTime;
import java.util.List;

import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardSearchTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static CardStore cards;
    private static CardSearch search;

    @BeforeAll
    static void open() {
        database = db.open();
        cards = new CardStore(database.dsl());
        search = new CardSearch(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** A card with a title, updated {@code minutesAgo} before a fixed instant. */
    private static void card(String workspace, String name, String title, int minutesAgo) {
        cards.create(workspace, name, "alice");
        database.dsl().update(CARDS)
                .set(CARDS.TITLE, title)
                .set(CARDS.UPDATED_AT, OffsetDateTime.parse("2026-03-01T12:00:00Z").minusMinutes(minutesAgo))
                .where(CARDS.WORKSPACE.eq(workspace), CARDS.NAME.eq(name))
                .execute();
    }

    private static List<String> names(CardPage page) {
        return page.cards().stream().map(CardInfo::name).toList();
    }

    @Test
    void q_matches_title_or_name_case_insensitively_newest_first() {
        card("ws-q", "summarize", "Summary of a ticket", 30);
        card("ws-q", "classify", "Ticket triage", 10);
        card("ws-q", "ticket-reply", "Answer", 20);
        card("ws-q", "poem", "A poem", 0);
        card("ws-q-other", "ticket", "Ticket elsewhere", 0);
        assertEquals(List.of("classify", "ticket-reply", "summarize"), names(search.search("ws-q", "TICKET", 10, 0)));
        assertEquals(List.of("poem", "classify", "ticket-reply", "summarize"),
                names(search.search("ws-q", null, 10, 0)));
        assertEquals(names(search.search("ws-q", null, 10, 0)), names(search.search("ws-q", "  ", 10, 0)));
        assertEquals(List.of("classify"), names(search.search("ws-q", " triage ", 10, 0)));
        assertEquals(List.of(), names(search.search("ws-q", "nothing like it", 10, 0)));
        assertEquals(List.of(), names(search.search("ws-unknown", null, 10, 0)));
    }

    @Test
    void percent_and_underscore_in_q_are_plain_characters() {
        card("ws-like", "a_b", "100% sure", 0);
        card("ws-like", "axb", "1000 sure", 1);
        assertEquals(List.of("a_b"), names(search.search("ws-like", "a_b", 10, 0)));
        assertEquals(List.of("a_b"), names(search.search("ws-like", "100%", 10, 0)));
    }

    @Test
    void pages_say_whether_more_follow_and_do_not_overlap() {
        for (int i = 0; i < 5; i++) {
            card("ws-paging", "card-" + i, "Card " + i, i);
        }
        // two cards with the same time: ordered by name
        card("ws-paging", "same-b", "Same", 10);
        card("ws-paging", "same-a", "Same", 10);
        CardPage first = search.search("ws-paging", null, 3, 0);
        assertEquals(List.of("card-0", "card-1", "card-2"), names(first));
        assertTrue(first.more());
        CardPage second = search.search("ws-paging", null, 3, 3);
        assertEquals(List.of("card-3", "card-4", "same-a"), names(second));
        assertEquals(3, second.offset());
        assertTrue(second.more());
        CardPage last = search.search("ws-paging", null, 3, 6);
        assertEquals(List.of("same-b"), names(last));
        assertFalse(last.more());
        assertFalse(search.search("ws-paging", null, 7, 0).more());
    }

    @Test
    void deleted_cards_are_not_found_until_restored() {
        card("ws-search-deleted", "kept", "Prompt", 1);
        card("ws-search-deleted", "gone", "Prompt", 0);
        assertTrue(cards.softDelete("ws-search-deleted", "gone"));
        assertEquals(List.of("kept"), names(search.search("ws-search-deleted", "prompt", 10, 0)));
        assertTrue(cards.restore("ws-search-deleted", "gone"));
        // the restore counts as an update: newest first
        assertEquals(List.of("gone", "kept"), names(search.search("ws-search-deleted", "prompt", 10, 0)));
    }

    @Test
    void bad_arguments_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> search.search("ws/bad", null, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> search.search("ws-ok", null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> search.search("ws-ok", null, CardSearch.MAX_LIMIT + 1, 0));
        assertThrows(IllegalArgumentException.class, () -> search.search("ws-ok", null, 10, -1));
        assertThrows(IllegalArgumentException.class, () -> search.search("ws-ok", "q".repeat(257), 10, 0));
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> search.search("ws-ok", "a\u0000", 10, 0));
        assertEquals("q contains U+0000", nul.getMessage());
    }
}
