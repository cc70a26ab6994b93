package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.LogFixtures.Editor;
import dev.promptcards.persistence.LogFixtures.StoredRow;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.promptcards.persistence.LogFixtures.assertSameDoc;
import static dev.promptcards.persistence.LogFixtures.docOf;
import static dev.promptcards.persistence.LogFixtures.newCard;
import static dev.promptcards.persistence.LogFixtures.rows;
import static dev.promptcards.persistence.jooq.Tables.CARD_SNAPSHOTS;
import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateLogAppendLoadTest extends DatabaseTestBase {

    @Test
    void appended_updates_load_back_as_the_same_doc() {
        CardRef card = newCard(dsl(), "ws-roundtrip");
        Editor alice = new Editor(1, 11);
        Editor bob = new Editor(2, 12);
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Editor e = i % 3 == 0 ? bob : alice;
                byte[] update = e.edit();
                Y.applyUpdate(e == alice ? bob.doc : alice.doc, update); // the editors stay in sync
                done.add(log.append(card, update));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();

            StoredState stored = log.load(card);
            assertSameDoc(alice.doc, docOf(stored.update()), "loaded card");
            assertEquals(rows(dsl(), card).size(), stored.logRows());
            long bytes = rows(dsl(), card).stream().mapToLong(r -> r.data().length).sum();
            assertEquals(bytes, stored.logBytes());
            assertEquals(200, stored.logRows(), "one row per append");
        }
    }

    @Test
    void a_card_without_rows_loads_as_the_empty_state() {
        CardRef card = newCard(dsl(), "ws-empty");
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            StoredState stored = log.load(card);
            assertArrayEquals(Y.encodeStateAsUpdate(new Doc()), stored.update());
            assertArrayEquals(new byte[] {0, 0}, stored.update());
            assertEquals(0, stored.logRows());
            assertEquals(0, stored.logBytes());
        }
    }

    @Test
    void load_applies_every_remaining_row_even_one_with_a_seq_below_the_snapshot() {
        // a row whose seq was drawn before a compaction read the log but that committed after it
        CardRef card = newCard(dsl(), "ws-late");
        Editor e = new Editor(3, 13);
        byte[] first = e.edit();
        byte[] late = e.edit();
        byte[] third = e.edit();
        dsl().insertInto(CARD_SNAPSHOTS, CARD_SNAPSHOTS.CARD, CARD_SNAPSHOTS.LAST_SEQ, CARD_SNAPSHOTS.STATE,
                        CARD_SNAPSHOTS.STATE_VECTOR)
                .values(card.id(), Long.MAX_VALUE / 2, first, Y.encodeStateVectorFromUpdate(first)).execute();
        dsl().insertInto(CARD_UPDATES, CARD_UPDATES.CARD, CARD_UPDATES.DATA).values(card.id(), late).execute();
        dsl().insertInto(CARD_UPDATES, CARD_UPDATES.CARD, CARD_UPDATES.DATA).values(card.id(), third).execute();
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            StoredState stored = log.load(card);
            assertSameDoc(e.doc, docOf(stored.update()), "snapshot + rows below its last_seq");
            assertEquals(2, stored.logRows());
            assertEquals(late.length + third.length, stored.logBytes());
        }
    }

    @Test
    void appends_of_a_card_are_stored_in_call_order() {
        CardRef card = newCard(dsl(), "ws-order");
        CardRef other = newCard(dsl(), "ws-order");
        Editor e = new Editor(4, 14);
        Editor o = new Editor(5, 15);
        List<byte[]> expected = new ArrayList<>();
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults().withMaxBatch(7))) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] u = e.edit();
                expected.add(u);
                done.add(log.append(card, u));
                done.add(log.append(other, o.edit()));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
        }
        List<StoredRow> stored = rows(dsl(), card);
        assertEquals(expected.size(), stored.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), stored.get(i).data(), "row " + i + " in seq order");
        }
    }

    @Test
    void concurrent_appenders_on_several_cards_are_durable_when_their_futures_complete() throws Exception {
        int cards = 4;
        int writersPerCard = 4;
        int editsPerWriter = 150;
        List<CardRef> refs = new ArrayList<>();
        for (int i = 0; i < cards; i++) {
            refs.add(newCard(dsl(), "ws-concurrent"));
        }
        ConcurrentLinkedQueue<String> notDurable = new ConcurrentLinkedQueue<>();
        List<List<Editor>> editors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(cards * writersPerCard);
        CyclicBarrier start = new CyclicBarrier(cards * writersPerCard);
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            List<Future<?>> writers = new ArrayList<>();
            for (int c = 0; c < cards; c++) {
                CardRef card = refs.get(c);
                List<Editor> perCard = new ArrayList<>();
                editors.add(perCard);
                for (int w = 0; w < writersPerCard; w++) {
                    Editor editor = new Editor(100 + c * writersPerCard + w, c * 100 + w);
                    perCard.add(editor);
                    writers.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < editsPerWriter; i++) {
                            byte[] update = editor.edit();
                            CompletableFuture<Void> f = log.append(card, update);
                            if (i % 10 == 9) { // wait for some: durable means already readable elsewhere
                                f.join();
                                Integer n = database.dsl().selectCount().from(CARD_UPDATES)
                                        .where(CARD_UPDATES.CARD.eq(card.id()), CARD_UPDATES.DATA.eq(update))
                                        .fetchOne(0, Integer.class);
                                if (n == null || n != 1) {
                                    notDurable.add("card " + card.id() + " edit " + i);
                                }
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> w : writers) {
                w.get(2, TimeUnit.MINUTES);
            }
            assertTrue(notDurable.isEmpty(), "not stored when the future completed: " + notDurable);
        } finally {
            pool.shutdownNow();
        }
        // every append was flushed by close(); a new log loads it all
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            for (int c = 0; c < cards; c++) {
                List<byte[]> all = new ArrayList<>();
                editors.get(c).forEach(e -> all.addAll(e.updates));
                StoredState stored = log.load(refs.get(c));
                assertSameDoc(docOf(all), docOf(stored.update()), "card " + c);
                assertEquals(writersPerCard * editsPerWriter, stored.logRows(), "rows of card " + c);
            }
            assertEquals(0, log.stats().failedAppends());
        }
    }

    @Test
    void close_flushes_the_pending_appends_and_later_appends_fail() {
        CardRef card = newCard(dsl(), "ws-close");
        Editor e = new Editor(6, 16);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults()
                .withGroupCommitWindow(Duration.ofSeconds(5)).withMaxBatch(10_000));
        for (int i = 0; i < 50; i++) {
            done.add(log.append(card, e.edit()));
        }
        long t0 = System.nanoTime();
        log.close();
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "close does not wait out the window");
        done.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally(), "flushed by close"));
        assertEquals(50, rows(dsl(), card).size());

        CompletableFuture<Void> late = log.append(card, e.edit());
        ExecutionException failed = assertThrows(ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, failed.getCause());
        log.close(); // idempotent
    }

    @Test
    void an_append_to_an_unknown_card_fails_alone_and_the_rest_of_its_batch_is_stored() {
        CardRef card = newCard(dsl(), "ws-bad");
        CardRef missing = new CardRef(987_654_321L, "ws-bad", "nope");
        Editor e = new Editor(7, 17);
        Editor m = new Editor(8, 18);
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults()
                .withGroupCommitWindow(Duration.ofMillis(200)))) {
            List<CompletableFuture<Void>> good = new ArrayList<>();
            good.add(log.append(card, e.edit()));
            CompletableFuture<Void> bad = log.append(missing, m.edit());
            CompletableFuture<Void> badToo = log.append(missing, m.edit());
            good.add(log.append(card, e.edit()));
            good.add(log.append(card, e.edit()));

            CompletionException failed = assertThrows(CompletionException.class, bad::join);
            assertInstanceOf(DataAccessException.class, failed.getCause(), "the cause: the foreign key refused it");
            assertThrows(CompletionException.class, badToo::join, "later appends of that card fail too");
            good.forEach(CompletableFuture::join);
            assertSameDoc(e.doc, docOf(log.load(card).update()), "the good card's appends");
            assertEquals(2, log.stats().failedAppends());
        }
    }

    @Test
    void appends_fail_with_the_cause_when_the_database_is_gone() throws Exception {
        CardRef card = newCard(dsl(), "ws-gone");
        Database gone = testDatabase.open();
        try (UpdateLog log = new UpdateLog(gone.dsl(), UpdateLogSettings.defaults())) {
            log.append(card, new Editor(9, 19).edit()).get(30, TimeUnit.SECONDS); // works while open
            gone.close();
            CompletableFuture<Void> f = log.append(card, new Editor(9, 20).edit());
            ExecutionException failed = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
            assertInstanceOf(DataAccessException.class, failed.getCause());
            assertEquals(1, log.stats().failedAppends());
        } finally {
            gone.close();
        }
        assertEquals(1, rows(dsl(), card).size());
    }

    @Test
    void load_does_not_write() throws Exception {
        CardRef card = newCard(dsl(), "ws-readonly");
        Editor e = new Editor(10, 21);
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            for (int i = 0; i < 20; i++) {
                log.append(card, e.edit()).join();
            }
            List<StoredRow> before = rows(dsl(), card);
            log.load(card);
            List<StoredRow> after = rows(dsl(), card);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).seq(), after.get(i).seq());
                assertTrue(Arrays.equals(before.get(i).data(), after.get(i).data()));
            }
            assertTrue(LogFixtures.snapshots(dsl(), card).isEmpty(), "load never writes a snapshot");
        }
    }
}
