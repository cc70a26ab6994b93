package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.persistence.LogFixtures.Editor;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.promptcards.persistence.LogFixtures.newCard;
import static dev.promptcards.persistence.jooq.Tables.CARD_SNAPSHOTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Figures printed for the record, not asserted (beyond correctness): append throughput with and without
 * group commit, and the load time of a card holding the B4 trace's final state.
 */
class UpdateLogMeasurementsTest extends DatabaseTestBase {

    private static String settings(DSLContext dsl) {
        return "fsync=" + dsl.fetchValue("show fsync") + ", synchronous_commit=" + dsl.fetchValue("show synchronous_commit")
                + ", PostgreSQL " + dsl.fetchValue("show server_version");
    }

    @Test
    void appends_per_second_with_and_without_group_commit() throws Exception {
        int cards = 16;
        int appenders = 64;
        List<CardRef> refs = new ArrayList<>();
        for (int i = 0; i < cards; i++) {
            refs.add(newCard(dsl(), "ws-bench"));
        }
        // realistic updates: single edits of an editor (tens of bytes each)
        List<byte[]> updates = new ArrayList<>();
        Editor e = new Editor(1, 1);
        for (int i = 0; i < 4096; i++) {
            updates.add(e.edit());
        }
        System.out.printf("append throughput (%s; %d appenders, each appending and waiting for durability, on %d cards):%n",
                settings(dsl()), appenders, cards);
        record Run(String name, UpdateLogSettings settings) { }
        List<Run> runs = List.of(
                new Run("group commit, window 2 ms (default)", UpdateLogSettings.defaults()),
                new Run("window 0 (only what is already queued joins)", UpdateLogSettings.defaults()
                        .withGroupCommitWindow(Duration.ZERO)),
                new Run("no group commit (maxBatch 1: a transaction per append)", UpdateLogSettings.defaults()
                        .withGroupCommitWindow(Duration.ZERO).withMaxBatch(1)));
        for (Run run : runs) {
            try (UpdateLog log = new UpdateLog(dsl(), run.settings())) {
                closedLoop(log, refs, updates, appenders, Duration.ofMillis(300)); // warm-up
                long before = log.stats().appendTransactions();
                double perSecond = closedLoop(log, refs, updates, appenders, Duration.ofMillis(1500));
                UpdateLog.Stats stats = log.stats();
                System.out.printf("  %-55s %8.0f appends/s (closed loop), %.1f appends per transaction%n", run.name(),
                        perSecond, (double) stats.appendedRows() / stats.appendTransactions());
                long t0 = System.nanoTime();
                int burst = 20_000;
                List<CompletableFuture<Void>> done = new ArrayList<>(burst);
                for (int i = 0; i < burst; i++) {
                    done.add(log.append(refs.get(i % cards), updates.get(i % updates.size())));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %-55s %8.0f appends/s (burst of %d)%n", "", burst / seconds, burst);
                assertEquals(0, log.stats().failedAppends());
                assertTrue(log.stats().appendTransactions() > before);
            }
        }
    }

    /** Appends per second of {@code appenders} threads that each append and wait for the future. */
    private static double closedLoop(UpdateLog log, List<CardRef> cards, List<byte[]> updates, int appenders,
                                     Duration duration) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong count = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(appenders);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < appenders; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    int i = id;
                    while (!stop.get()) {
                        log.append(cards.get(id % cards.size()), updates.get(i++ % updates.size())).join();
                        count.incrementAndGet();
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        long t0 = System.nanoTime();
        Thread.sleep(duration.toMillis());
        long n = count.get();
        double seconds = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        finished.await();
        return n / seconds;
    }

    @Test
    void load_time_of_the_b4_trace_final_state() throws IOException {
        Path trace = Path.of("..", "crdt", "src", "test", "resources", "traces", "b4-editing-trace.bin");
        assertTrue(Files.exists(trace), "the B4 trace is part of the repository: " + trace.toAbsolutePath());
        List<byte[]> updates = new ArrayList<>(260_000);
        long t0 = System.nanoTime();
        Doc doc = replay(Files.readAllBytes(trace), updates);
        String text = doc.getText("text").toString();
        byte[] state = Y.encodeStateAsUpdate(doc);
        System.out.printf("B4: %d updates replayed in %.0f ms; final text %d chars, state %d bytes%n",
                updates.size(), (System.nanoTime() - t0) / 1e6, text.length(), state.length);
        assertEquals(104_852, text.length());

        // as ~1000 log rows: consecutive edits merged (Y.mergeUpdates) 260 at a time
        List<byte[]> rows = new ArrayList<>();
        int chunk = (updates.size() + 999) / 1000;
        for (int i = 0; i < updates.size(); i += chunk) {
            rows.add(Y.mergeUpdates(updates.subList(i, Math.min(updates.size(), i + chunk))));
        }
        long rowBytes = rows.stream().mapToLong(r -> r.length).sum();

        CardRef asSnapshot = newCard(dsl(), "ws-b4");
        CardRef asRows = newCard(dsl(), "ws-b4");
        dsl().insertInto(CARD_SNAPSHOTS, CARD_SNAPSHOTS.CARD, CARD_SNAPSHOTS.LAST_SEQ, CARD_SNAPSHOTS.STATE,
                CARD_SNAPSHOTS.STATE_VECTOR).values(asSnapshot.id(), 0L, state, Y.encodeStateVectorFromUpdate(state))
                .execute();
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            long a0 = System.nanoTime();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            rows.forEach(r -> done.add(log.append(asRows, r)));
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            System.out.printf("B4 as %d log rows (%d bytes): appended in %.0f ms (%d transactions)%n", rows.size(),
                    rowBytes, (System.nanoTime() - a0) / 1e6, log.stats().appendTransactions());

            System.out.printf("B4 load (%s):%n", settings(dsl()));
            long f0 = System.nanoTime();
            log.load(asSnapshot);
            System.out.printf("  first load in this JVM (cold code, snapshot only): %.0f ms%n", (System.nanoTime() - f0) / 1e6);
            for (int i = 0; i < 3; i++) { // warm up
                log.load(asSnapshot);
                log.load(asRows);
            }
            measureLoad(log, asSnapshot, "snapshot only (" + state.length + " bytes)", text);
            measureLoad(log, asRows, rows.size() + " log rows", text);

            long c0 = System.nanoTime();
            assertTrue(log.compact(asRows));
            System.out.printf("  compaction of the %d rows into one snapshot: %.0f ms%n", rows.size(),
                    (System.nanoTime() - c0) / 1e6);
            measureLoad(log, asRows, "after that compaction", text);
        }
    }

    private static void measureLoad(UpdateLog log, CardRef card, String what, String expectedText) {
        int runs = 5;
        double[] ms = new double[runs];
        StoredState stored = null;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            stored = log.load(card);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Doc loaded = new Doc(5, true);
        Y.applyUpdate(loaded, stored.update());
        assertEquals(expectedText, loaded.getText("text").toString(), what);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-40s load: median %.0f ms, min %.0f ms of %d (full state %d bytes, %d log rows)%n",
                what, sorted[runs / 2], sorted[0], runs, stored.update().length, stored.logRows());
    }

    /** The B4 trace replayed as a user typing: one transaction per op on getText("text"), client id 1. */
    private static Doc replay(byte[] trace, List<byte[]> updates) {
        Doc doc = new Doc(1, true);
        YText text = doc.getText("text");
        doc.onUpdate((update, origin, tr) -> updates.add(update));
        Decoder d = new Decoder(trace);
        long count = d.readVarUint();
        for (long i = 0; i < count; i++) {
            long tag = d.readVarUint();
            int index = (int) d.readVarUint();
            if (tag == 1) {
                String s = d.readVarString();
                doc.transact(tr -> text.insert(index, s));
            } else if (tag == 2) {
                int len = (int) d.readVarUint();
                doc.transact(tr -> text.delete(index, len));
            } else {
                throw new IllegalStateException("bad tag " + tag + " at op " + i);
            }
        }
        return doc;
    }
}
