package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.LogFixtures.Editor;
import dev.promptcards.persistence.LogFixtures.StoredRow;
import dev.promptcards.persistence.LogFixtures.StoredSnapshot;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.promptcards.persistence.LogFixtures.assertSameDoc;
import static dev.promptcards.persistence.LogFixtures.docOf;
import static dev.promptcards.persistence.LogFixtures.newCard;
import static dev.promptcards.persistence.LogFixtures.rows;
import static dev.promptcards.persistence.LogFixtures.snapshots;
import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactionTest extends DatabaseTestBase {

    private static UpdateLog newLog() {
        return new UpdateLog(dsl(), UpdateLogSettings.defaults());
    }

    private static void appendAll(UpdateLog log, CardRef card, Editor e, int edits) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            done.add(log.append(card, e.edit()));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    @Test
    void compaction_folds_the_log_into_one_valid_snapshot() {
        CardRef card = newCard(dsl(), "ws-compact");
        Editor e = new Editor(1, 1);
        try (UpdateLog log = newLog()) {
            appendAll(log, card, e, 300);
            long maxSeq = rows(dsl(), card).getLast().seq();

            assertTrue(log.compact(card));
            assertTrue(rows(dsl(), card).isEmpty(), "merged rows deleted");
            List<StoredSnapshot> snaps = snapshots(dsl(), card);
            assertEquals(1, snaps.size());
            StoredSnapshot s = snaps.getFirst();
            assertEquals(maxSeq, s.lastSeq());
            assertSameDoc(e.doc, docOf(s.state()), "snapshot alone (a valid full state)");
            assertArrayEquals(Y.encodeStateVectorFromUpdate(s.state()), s.stateVector());
            assertEquals(Y.decodeStateVector(Y.encodeStateVector(e.doc)), Y.decodeStateVector(s.stateVector()));

            StoredState loaded = log.load(card);
            assertSameDoc(e.doc, docOf(loaded.update()), "loaded after compaction");
            assertEquals(0, loaded.logRows());
            assertEquals(0, loaded.logBytes());

            // more edits, compact again: one snapshot, the newest
            appendAll(log, card, e, 50);
            assertEquals(50, log.load(card).logRows());
            assertTrue(log.compact(card));
            snaps = snapshots(dsl(), card);
            assertEquals(1, snaps.size(), "older snapshot deleted");
            assertTrue(snaps.getFirst().lastSeq() > maxSeq);
            assertSameDoc(e.doc, docOf(log.load(card).update()), "after the second compaction");
            assertTrue(log.compact(card), "nothing to fold is no failure");
            assertEquals(snaps.getFirst().lastSeq(), snapshots(dsl(), card).getFirst().lastSeq(), "and writes nothing");
            assertEquals(2, log.stats().compactions(), "snapshots written");
        }
    }

    @Test
    void compaction_under_concurrent_appends_loses_nothing_and_leaves_the_log_short() throws Exception {
        CardRef card = newCard(dsl(), "ws-busy");
        int writers = 4;
        List<Editor> editors = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicInteger compactions = new AtomicInteger();
        try (UpdateLog log = newLog()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Editor e = new Editor(10 + w, w);
                editors.add(e);
                running.add(pool.submit(() -> {
                    int i = 0;
                    while (!stop.get() || i < 100) {
                        log.append(card, e.edit()).join();
                        i++;
                    }
                    return null;
                }));
            }
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < end) {
                if (log.compact(card)) {
                    compactions.incrementAndGet();
                }
                Thread.sleep(20);
            }
            stop.set(true);
            for (Future<?> f : running) {
                f.get(1, TimeUnit.MINUTES);
            }
            List<byte[]> all = new ArrayList<>();
            editors.forEach(e -> all.addAll(e.updates));
            assertSameDoc(docOf(all), docOf(log.load(card).update()), "after compactions under load");
            assertTrue(compactions.get() >= 3, "compacted " + compactions.get() + " times");
            assertTrue(log.compact(card));
            assertTrue(rows(dsl(), card).isEmpty(), "log short after the final compaction");
            assertEquals(1, snapshots(dsl(), card).size());
            assertSameDoc(docOf(all), docOf(log.load(card).update()), "after the final compaction");
            System.out.printf("compaction under load: %d appends, %d compactions%n", all.size(), compactions.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_row_committed_late_with_a_lower_seq_survives_the_compaction() throws Exception {
        CardRef card = newCard(dsl(), "ws-lateseq");
        Editor e = new Editor(20, 20);
        byte[] late = e.edit();
        try (UpdateLog log = newLog(); Connection other = database.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("insert into card_updates (card, data) values (?, ?)")) {
                insert.setLong(1, card.id());
                insert.setBytes(2, late);
                insert.executeUpdate(); // seq drawn now, committed later
            }
            appendAll(log, card, e, 5); // higher seqs, committed now
            assertTrue(log.compact(card));
            long snapshotSeq = snapshots(dsl(), card).getFirst().lastSeq();
            other.commit();

            List<StoredRow> left = rows(dsl(), card);
            assertEquals(1, left.size(), "the late row is not deleted");
            assertTrue(left.getFirst().seq() < snapshotSeq, "and its seq is below the snapshot's");
            StoredState loaded = log.load(card);
            assertSameDoc(e.doc, docOf(loaded.update()), "load includes the late row");
            assertEquals(1, loaded.logRows());

            assertTrue(log.compact(card), "the next compaction folds it");
            assertTrue(rows(dsl(), card).isEmpty());
            assertEquals(1, snapshots(dsl(), card).size());
            assertEquals(snapshotSeq, snapshots(dsl(), card).getFirst().lastSeq(), "last_seq = highest seq merged");
            assertSameDoc(e.doc, docOf(log.load(card).update()), "after folding the late row");
        }
    }

    @Test
    void an_update_waiting_for_its_dependencies_is_kept_by_load_and_compaction() {
        // a row whose causal predecessor is not stored (yet): the doc keeps it pending, and so do the
        // loaded state and the snapshot (encodeStateAsUpdate includes pending structs)
        CardRef card = newCard(dsl(), "ws-pending");
        Doc source = new Doc(80, true);
        List<byte[]> updates = new ArrayList<>();
        source.onUpdate((update, origin, tr) -> updates.add(update));
        source.transact(tr -> source.getText("t").insert(0, "hello"));
        source.transact(tr -> source.getText("t").insert(5, " world"));
        try (UpdateLog log = newLog()) {
            log.append(card, updates.get(1)).join();
            assertEquals("", docOf(log.load(card).update()).getText("t").toString(), "pending, not shown");
            assertTrue(log.compact(card));
            StoredSnapshot snap = snapshots(dsl(), card).getFirst();
            Doc fromSnapshot = docOf(snap.state());
            Y.applyUpdate(fromSnapshot, updates.get(0));
            assertEquals("hello world", fromSnapshot.getText("t").toString(), "the snapshot kept the pending update");

            log.append(card, updates.get(0)).join();
            assertEquals("hello world", docOf(log.load(card).update()).getText("t").toString());
            assertTrue(log.compact(card));
            assertEquals("hello world", docOf(log.load(card).update()).getText("t").toString());
            assertEquals("hello world", docOf(snapshots(dsl(), card).getFirst().state()).getText("t").toString());
        }
    }

    @Test
    void a_compactor_holding_the_cards_lock_makes_another_return_false() throws Exception {
        CardRef card = newCard(dsl(), "ws-lock");
        Editor e = new Editor(30, 30);
        try (UpdateLog log = newLog(); Connection holder = database.dataSource().getConnection()) {
            appendAll(log, card, e, 20);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement();
                    ResultSet r = s.executeQuery("select pg_try_advisory_xact_lock(" + card.id() + ")")) {
                assertTrue(r.next() && r.getBoolean(1));
            }
            assertFalse(log.compact(card), "another compactor holds the card");
            assertEquals(20, rows(dsl(), card).size(), "nothing changed");
            assertTrue(snapshots(dsl(), card).isEmpty());
            assertEquals(1, log.stats().compactionsSkipped());

            CardRef other = newCard(dsl(), "ws-lock");
            appendAll(log, other, new Editor(31, 31), 5);
            assertTrue(log.compact(other), "other cards are not blocked");

            holder.rollback(); // releases the xact lock
            assertTrue(log.compact(card));
            assertTrue(rows(dsl(), card).isEmpty());
        }
    }

    @Test
    void two_compactors_at_once_one_wins_and_nothing_is_lost() throws Exception {
        CardRef card = newCard(dsl(), "ws-two");
        Editor e = new Editor(40, 40);
        try (UpdateLog first = newLog(); UpdateLog second = newLog()) {
            for (int round = 0; round < 5; round++) {
                appendAll(first, card, e, 2000); // big enough that the compactions overlap
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(() -> {
                    awaitLatch(go);
                    return first.compact(card);
                });
                CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(() -> {
                    awaitLatch(go);
                    return second.compact(card);
                });
                go.countDown();
                boolean ra = a.get(1, TimeUnit.MINUTES);
                boolean rb = b.get(1, TimeUnit.MINUTES);
                assertTrue(ra || rb, "one of them compacts");
                assertTrue(rows(dsl(), card).isEmpty());
                assertEquals(1, snapshots(dsl(), card).size());
                assertSameDoc(e.doc, docOf(first.load(card).update()), "round " + round);
            }
            long skipped = first.stats().compactionsSkipped() + second.stats().compactionsSkipped();
            System.out.printf("two compactors at once: %d of 5 rounds had a loser (returned false)%n", skipped);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void a_corrupted_row_makes_compaction_fail_and_change_nothing() {
        CardRef card = newCard(dsl(), "ws-corrupt-compact");
        Editor e = new Editor(50, 50);
        try (UpdateLog log = newLog()) {
            appendAll(log, card, e, 30);
            assertTrue(log.compact(card));
            appendAll(log, card, e, 30);
            long badSeq = rows(dsl(), card).get(10).seq();
            byte[] good = rows(dsl(), card).get(10).data();
            byte[] bad = Arrays.copyOf(good, good.length - 3);
            dsl().update(CARD_UPDATES).set(CARD_UPDATES.DATA, bad)
                    .where(CARD_UPDATES.CARD.eq(card.id()), CARD_UPDATES.SEQ.eq(badSeq)).execute();
            List<StoredRow> rowsBefore = rows(dsl(), card);
            List<StoredSnapshot> snapsBefore = snapshots(dsl(), card);

            CardCorruptedException failed = assertThrows(CardCorruptedException.class, () -> log.compact(card));
            assertEquals("log row seq " + badSeq, failed.row());
            assertSameRows(rowsBefore, rows(dsl(), card));
            assertSameSnapshots(snapsBefore, snapshots(dsl(), card));
            assertEquals(1, log.stats().compactionFailures());

            // repaired, it loads with all content
            dsl().update(CARD_UPDATES).set(CARD_UPDATES.DATA, good)
                    .where(CARD_UPDATES.CARD.eq(card.id()), CARD_UPDATES.SEQ.eq(badSeq)).execute();
            assertSameDoc(e.doc, docOf(log.load(card).update()), "repaired card");
        }
    }

    @Test
    void a_compaction_whose_connection_is_killed_midway_leaves_the_card_as_it_was() throws Exception {
        CardRef card = newCard(dsl(), "ws-killed");
        Editor e = new Editor(60, 60);
        try (UpdateLog log = newLog(); Connection blocker = database.dataSource().getConnection()) {
            appendAll(log, card, e, 30);
            assertTrue(log.compact(card));
            appendAll(log, card, e, 40);
            List<StoredRow> rowsBefore = rows(dsl(), card);
            List<StoredSnapshot> snapsBefore = snapshots(dsl(), card);

            // lock the card's rows so that the compaction stops at its DELETE, after its snapshot INSERT
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("select seq from card_updates where card = " + card.id() + " for update");
            }
            CompletableFuture<Boolean> compaction = CompletableFuture.supplyAsync(() -> log.compact(card));
            DSLContext dsl = dsl();
            long[] pid = new long[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Long p = dsl.fetchOptional("select pid from pg_stat_activity where datname = current_database()"
                        + " and wait_event_type = 'Lock' and query like 'delete from \"card_updates\"%'")
                        .map(r -> r.get(0, Long.class)).orElse(null);
                if (p == null) {
                    return false;
                }
                pid[0] = p;
                return true;
            });
            // the compaction has inserted its snapshot (uncommitted) and waits: kill its connection
            assertEquals(Boolean.TRUE, dsl.fetchValue("select pg_terminate_backend(" + pid[0] + ")"));
            blocker.rollback();

            Exception failed = assertThrows(Exception.class, () -> compaction.get(30, TimeUnit.SECONDS));
            assertNotNull(failed.getCause());
            assertSameRows(rowsBefore, rows(dsl(), card));
            assertSameSnapshots(snapsBefore, snapshots(dsl(), card));
            assertSameDoc(e.doc, docOf(log.load(card).update()), "after the killed compaction");
            assertTrue(log.compact(card), "a later compaction works");
            assertSameDoc(e.doc, docOf(log.load(card).update()), "after the next compaction");
        }
    }

    @Test
    void compact_if_needed_compacts_past_the_row_or_byte_threshold_off_the_callers_thread() throws Exception {
        CardRef byRows = newCard(dsl(), "ws-needed");
        CardRef byBytes = newCard(dsl(), "ws-needed");
        Editor er = new Editor(70, 70);
        Editor eb = new Editor(71, 71);
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults()
                .withCompactAfterRows(25).withCompactAfterBytes(2000))) {
            appendAll(log, byRows, er, 10);
            assertFalse(log.compactIfNeeded(byRows).get(30, TimeUnit.SECONDS), "10 rows: not yet");
            assertFalse(log.compactIfNeeded(byRows).get(30, TimeUnit.SECONDS), "answered from the estimate");
            appendAll(log, byRows, er, 15);
            assertTrue(log.compactIfNeeded(byRows).get(30, TimeUnit.SECONDS), "25 rows: compacted");
            assertTrue(rows(dsl(), byRows).isEmpty());
            assertFalse(log.compactIfNeeded(byRows).get(30, TimeUnit.SECONDS), "and not again");

            dsl().insertInto(CARD_UPDATES, CARD_UPDATES.CARD, CARD_UPDATES.DATA) // one big row
                    .values(byBytes.id(), bigUpdate(eb, 3000)).execute();
            assertTrue(log.compactIfNeeded(byBytes).get(30, TimeUnit.SECONDS), "3000 bytes in 1 row: compacted");
            assertSameDoc(eb.doc, docOf(log.load(byBytes).update()), "card compacted by bytes");

            // the caller's thread does not compact: the future is not complete when it returns (lock held)
            appendAll(log, byRows, er, 30);
            try (Connection holder = database.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (Statement s = holder.createStatement()) {
                    s.execute("select pg_advisory_xact_lock(" + byRows.id() + ")");
                }
                CompletableFuture<Boolean> f = log.compactIfNeeded(byRows);
                assertFalse(f.get(30, TimeUnit.SECONDS), "lock held: false");
                holder.rollback();
            }
            assertTrue(log.compactIfNeeded(byRows).get(30, TimeUnit.SECONDS));
            assertSameDoc(er.doc, docOf(log.load(byRows).update()), "card compacted by rows");
        }
    }

    private static byte[] bigUpdate(Editor e, int chars) {
        Doc doc = e.doc;
        doc.transact(tr -> doc.getText("t").insert(0, "z".repeat(chars)));
        return e.updates.getLast();
    }

    static void assertSameRows(List<StoredRow> expected, List<StoredRow> actual) {
        assertEquals(expected.size(), actual.size(), "rows");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).seq(), actual.get(i).seq());
            assertArrayEquals(expected.get(i).data(), actual.get(i).data(), "row seq " + expected.get(i).seq());
        }
    }

    static void assertSameSnapshots(List<StoredSnapshot> expected, List<StoredSnapshot> actual) {
        assertEquals(expected.size(), actual.size(), "snapshots");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).lastSeq(), actual.get(i).lastSeq());
            assertArrayEquals(expected.get(i).state(), actual.get(i).state());
            assertArrayEquals(expected.get(i).stateVector(), actual.get(i).stateVector());
        }
    }
}
