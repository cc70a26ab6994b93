package dev.promptcards.persistence;

import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardStoreTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static CardStore cards;

    @BeforeAll
    static void open() {
        database = Database.start(db.config().withMaxPoolSize(16));
        cards = new CardStore(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void a_created_card_is_found_with_the_same_id() {
        CardRef created = cards.create("ws-find", "card-1", "alice");
        assertEquals(Optional.of(created), cards.find("ws-find", "card-1"));
        assertEquals(Optional.empty(), cards.find("ws-find", "card-2"));
        assertEquals(Optional.empty(), cards.find("ws-other", "card-1"));
        assertEquals(created, cards.create("ws-find", "card-1", "bob"));
    }

    @Test
    void cards_are_created_once_under_concurrent_creates() throws Exception {
        int threads = 32;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CardRef>> sameCard = new ArrayList<>();
            List<Future<CardRef>> otherCards = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String user = "user" + i;
                String other = "card-" + i;
                // half race for one card in a new workspace, half create distinct cards in it
                if (i % 2 == 0) {
                    sameCard.add(pool.submit(() -> {
                        go.await();
                        return cards.create("ws-race", "the-card", user);
                    }));
                } else {
                    otherCards.add(pool.submit(() -> {
                        go.await();
                        return cards.create("ws-race", other, user);
                    }));
                }
            }
            go.countDown();
            Set<CardRef> results = new HashSet<>();
            for (Future<CardRef> f : sameCard) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, results.size());
            CardRef card = results.iterator().next();
            assertEquals("ws-race", card.workspace());
            assertEquals("the-card", card.name());
            Set<Long> otherIds = new HashSet<>();
            for (Future<CardRef> f : otherCards) {
                otherIds.add(f.get(30, TimeUnit.SECONDS).id());
            }
            assertEquals(threads / 2, otherIds.size());
            assertFalse(otherIds.contains(card.id()));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1L, database.dsl().fetchValue(
                "select count(*) from cards where workspace = 'ws-race' and name = 'the-card'"));
        assertEquals((long) (1 + threads / 2), database.dsl().fetchValue(
                "select count(*) from cards where workspace = 'ws-race'"));
        assertEquals(1L, database.dsl().fetchValue(
                "select count(*) from workspaces where id = 'ws-race'"));
        assertEquals(1 + threads / 2, cards.list("ws-race").size());
    }

    @Test
    void list_skips_soft_deleted_cards() {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        cards.create("ws-list", "b", "bob");
        cards.create("ws-list", "a", "alice");
        cards.create("ws-list", "c", "carol");
        cards.create("ws-list-other", "x", "xavier");

        assertTrue(cards.softDelete("ws-list", "b"));

        List<CardInfo> listed = cards.list("ws-list");
        assertEquals(List.of("a", "c"), listed.stream().map(CardInfo::name).toList());
        CardInfo a = listed.get(0);
        assertEquals("ws-list", a.workspace());
        assertEquals("", a.title());
        assertEquals("alice", a.createdBy());
        assertTrue(a.createdAt().isAfter(before), a.createdAt().toString());
        assertEquals(a.createdAt(), a.updatedAt());
        assertEquals(List.of(), cards.list("ws-unknown"));
    }

    @Test
    void a_soft_deleted_card_is_gone_but_not_recreated() {
        CardRef card = cards.create("ws-delete", "doomed", "alice");
        assertTrue(cards.softDelete("ws-delete", "doomed"));

        assertFalse(cards.softDelete("ws-delete", "doomed"));
        assertFalse(cards.softDelete("ws-delete", "never-was"));
        assertEquals(Optional.empty(), cards.find("ws-delete", "doomed"));
        CardStore.CardDeletedException e = assertThrows(CardStore.CardDeletedException.class,
                () -> cards.create("ws-delete", "doomed", "bob"));
        assertEquals("card ws-delete/doomed was deleted", e.getMessage());
        // the row is kept, marked deleted
        assertEquals(1L, database.dsl().fetchValue(
                "select count(*) from cards where pk = ? and deleted_at is not null", card.id()));
    }

    @Test
    void a_restored_card_comes_back_with_its_id_and_is_found_again() {
        CardRef card = cards.create("ws-restore", "back", "alice");
        assertFalse(cards.restore("ws-restore", "back"), "a card that is not deleted is not restored");
        assertTrue(cards.softDelete("ws-restore", "back"));
        assertEquals(Optional.empty(), cards.find("ws-restore", "back"));

        assertTrue(cards.restore("ws-restore", "back"));
        assertFalse(cards.restore("ws-restore", "back"));
        assertFalse(cards.restore("ws-restore", "never-was"));
        assertEquals(Optional.of(card), cards.find("ws-restore", "back"));
        assertEquals(card, cards.create("ws-restore", "back", "bob"));
        assertEquals(List.of("back"), cards.list("ws-restore").stream().map(CardInfo::name).toList());
    }

    @Test
    void names_are_validated_like_room_keys() {
        String longest = "a".repeat(128);
        assertEquals(longest, cards.create("ws-names", longest, "alice").name());
        assertEquals("A-z_0.9", cards.create("ws-names", "A-z_0.9", "alice").name());

        for (String bad : List.of("", "a".repeat(129), "a/b", "a b", "ä", "a\n", "..%2F")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cards.create("ws-names", bad, "alice"), bad);
            assertEquals("card id must be 1 to 128 characters of [A-Za-z0-9._-]", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> cards.create(bad, "card", "alice"), bad);
            assertThrows(IllegalArgumentException.class, () -> cards.find("ws-names", bad), bad);
            assertThrows(IllegalArgumentException.class, () -> cards.list(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> cards.softDelete(bad, "card"), bad);
            assertThrows(IllegalArgumentException.class, () -> cards.restore(bad, "card"), bad);
        }
        assertThrows(NullPointerException.class, () -> cards.find(null, "card"));
        assertEquals(List.of("A-z_0.9", longest), cards.list("ws-names").stream().map(CardInfo::name).toList());
    }

    private static void maxCards(String workspace, Integer max) {
        database.dsl().update(WORKSPACES).set(WORKSPACES.MAX_CARDS, max).where(WORKSPACES.ID.eq(workspace)).execute();
    }

    @Test
    void a_workspace_at_its_quota_of_cards_gets_no_new_card_but_keeps_its_own() {
        CardRef first = cards.create("ws-quota", "one", "alice");
        cards.create("ws-quota", "two", "alice");
        maxCards("ws-quota", 2);

        CardQuotaExceededException e = assertThrows(CardQuotaExceededException.class,
                () -> cards.create("ws-quota", "three", "alice"));
        assertEquals(2, e.maxCards());
        assertThrows(CardQuotaExceededException.class, () -> cards.createNew("ws-quota", "three", "alice", ""));
        assertEquals(first, cards.create("ws-quota", "one", "bob"), "an existing card is not a new one");
        assertEquals(List.of("one", "two"), cards.list("ws-quota").stream().map(CardInfo::name).toList());

        assertTrue(cards.softDelete("ws-quota", "two"));
        assertEquals("three", cards.create("ws-quota", "three", "alice").name(), "a deleted card does not count");
        assertThrows(CardQuotaExceededException.class, () -> cards.restore("ws-quota", "two"));
        assertEquals(Optional.empty(), cards.find("ws-quota", "two"), "a refused restore changes nothing");
        maxCards("ws-quota", null);
        assertTrue(cards.restore("ws-quota", "two"));
    }

    @Test
    void concurrent_creations_never_pass_the_quota() throws Exception {
        cards.create("ws-quota-race", "zero", "alice");
        maxCards("ws-quota-race", 5);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> created = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String name = "card-" + i;
                created.add(pool.submit(() -> {
                    go.await();
                    try {
                        cards.create("ws-quota-race", name, "alice");
                        return true;
                    } catch (CardQuotaExceededException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int made = 0;
            for (Future<Boolean> f : created) {
                made += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(4, made);
            assertEquals(5, cards.list("ws-quota-race").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void create_new_refuses_an_existing_or_deleted_card_and_an_unknown_workspace() {
        cards.create("ws-new", "taken", "alice");
        cards.create("ws-new", "gone", "alice");
        cards.softDelete("ws-new", "gone");

        CardRef made = cards.createNew("ws-new", "fresh", "api", "A title");

        assertEquals(Optional.of(made), cards.find("ws-new", "fresh"));
        CardInfo info = cards.info("ws-new", "fresh").orElseThrow();
        assertEquals("A title", info.title());
        assertEquals("api", info.createdBy());
        assertThrows(CardExistsException.class, () -> cards.createNew("ws-new", "taken", "api", ""));
        assertThrows(CardStore.CardDeletedException.class, () -> cards.createNew("ws-new", "gone", "api", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cards.createNew("ws-never-made", "x", "api", ""));
        assertEquals("no workspace ws-never-made", e.getMessage());
        assertEquals(Optional.empty(), cards.info("ws-new", "gone"));
    }

    @Test
    void touch_records_the_title_and_the_time_unless_the_card_was_deleted() {
        CardRef card = cards.create("ws-touch", "t", "alice");
        Instant before = cards.info("ws-touch", "t").orElseThrow().updatedAt();

        assertTrue(cards.touch(card, "New title"));

        CardInfo after = cards.info("ws-touch", "t").orElseThrow();
        assertEquals("New title", after.title());
        assertTrue(after.updatedAt().isAfter(before), after.updatedAt() + " after " + before);
        cards.softDelete("ws-touch", "t");
        assertFalse(cards.touch(card, "Ignored"));
        cards.restore("ws-touch", "t");
        assertEquals("New title", cards.info("ws-touch", "t").orElseThrow().title());
    }
}
