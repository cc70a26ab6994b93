package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.promptcards.persistence.jooq.Tables.CARD_SNAPSHOTS;
import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;

/**
 * The cards' Yjs state in PostgreSQL: an append-only log of v1 updates per card ({@code card_updates}) and
 * a snapshot of the merged state ({@code card_snapshots}) that compaction folds the log into.
 *
 * <p>A card's state is its latest snapshot plus ALL its remaining log rows: compaction deletes exactly the
 * rows it merged in the transaction that writes the snapshot, so every remaining row is (in the normal
 * case) one the snapshot lacks, and updates are idempotent, so re-applying a merged one would be harmless
 * anyway. A row may even have a lower seq than the snapshot's {@code last_seq}: seqs are drawn at INSERT and
 * such a row committed after the compaction read the log. Reading only {@code seq > last_seq} would lose it.
 *
 * <p>Merging: the snapshot and rows, merged into one update, are applied to a fresh {@link Doc} with gc on and
 * the state re-encoded with {@code Y.encodeStateAsUpdate} (rather than kept as {@code Y.mergeUpdates} gives
 * it): every stored
 * update has to be applied to a doc anyway to prove it valid; the doc drops deleted content (gc), so the
 * snapshot is the compact canonical full state a Yjs peer would send, not the union of every insert ever
 * typed; and updates whose dependencies are missing are kept as the doc's pending structs and written into
 * the snapshot too (encodeStateAsUpdate includes them), so nothing is dropped.
 *
 * <p>Thread-safe. {@link #close()} flushes pending appends and waits for running compactions.
 */
public final class UpdateLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpdateLog.class);

    /** Size estimates kept for at most this many cards; beyond it they are forgotten (and re-read). */
    static final int MAX_TRACKED_CARDS = 100_000;

    /** Rows and bytes of a card's log after its snapshot, counted from the database and the appends since. */
    private record LogSize(long rows, long bytes) {
        LogSize plus(int appendedBytes) {
            return new LogSize(rows + 1, bytes + appendedBytes);
        }
    }

    private final DSLContext dsl;
    private final UpdateLogSettings settings;
    private final GroupCommitter committer;
    private final ExecutorService compactor;
    private final ConcurrentHashMap<Long, LogSize> logSizes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, CompletableFuture<Boolean>> compacting = new ConcurrentHashMap<>();
    private final AtomicLong compactions = new AtomicLong();
    private final AtomicLong compactionsSkipped = new AtomicLong();
    private final AtomicLong compactionFailures = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param dsl      a jOOQ context for PostgreSQL over a connection pool (e.g. {@link Database#dsl()})
     * @param settings group commit and compaction settings
     */
    public UpdateLog(DSLContext dsl, UpdateLogSettings settings) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.committer = new GroupCommitter(dsl, settings.groupCommitWindow(), settings.maxBatch(),
                (card, bytes) -> logSizes.computeIfPresent(card.id(), (id, size) -> size.plus(bytes)));
        AtomicInteger n = new AtomicInteger();
        this.compactor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "promptcards-compactor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public UpdateLogSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------------------------------------- load

    /**
     * The card's state: its latest snapshot and all its log rows (read in one repeatable-read, read-only
     * transaction, so a compaction committing meanwhile is seen entirely or not at all), each validated by
     * applying it to a fresh doc (gc on), re-encoded as one v1 update. Writes nothing.
     *
     * @throws CardCorruptedException when the snapshot or a log row is not a valid update (naming which)
     */
    public StoredState load(CardRef card) {
        Objects.requireNonNull(card, "card");
        Stored stored = dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.execute("set transaction isolation level repeatable read, read only");
            return read(tx, card);
        });
        Doc doc = stored.apply(card);
        return new StoredState(Y.encodeStateAsUpdate(doc), stored.rows().size(), stored.rowBytes());
    }

    /** A log row as read. */
    private record Row(long seq, byte[] data) { }

    /** The latest snapshot (or none: seq -1) and every log row of a card, in seq order. */
    private record Stored(long snapshotSeq, byte[] snapshot, List<Row> rows) {
        long rowBytes() {
            long sum = 0;
            for (Row r : rows) {
                sum += r.data().length;
            }
            return sum;
        }

        long maxSeq() {
            long max = snapshotSeq;
            for (Row r : rows) {
                max = Math.max(max, r.seq());
            }
            return max;
        }

        /**
         * Applies everything to a fresh doc with gc on; a malformed update names its row. The snapshot and rows
         * are merged first and applied as one update: applying them one by one integrates each row against all
         * that came before, which a hostile log (many updates of many clients inserting at one place) makes
         * quadratic, replayed at every load; one merged update is integrated once. Should the merge fail, they
         * are applied one by one, which names the bad one.
         */
        Doc apply(CardRef card) {
            List<byte[]> updates = new ArrayList<>(rows.size() + 1);
            if (snapshot != null) {
                updates.add(snapshot);
            }
            for (Row r : rows) {
                updates.add(r.data());
            }
            if (updates.size() > 1) {
                try {
                    Doc merged = new Doc();
                    Y.applyUpdate(merged, Y.mergeUpdates(updates));
                    return merged;
                } catch (RuntimeException e) {
                    // a malformed row: found and named below
                }
            }
            Doc doc = new Doc();
            if (snapshot != null) {
                applyChecked(doc, snapshot, card, "snapshot at seq " + snapshotSeq);
            }
            for (Row r : rows) {
                applyChecked(doc, r.data(), card, "log row seq " + r.seq());
            }
            return doc;
        }
    }

    private static void applyChecked(Doc doc, byte[] update, CardRef card, String row) {
        try {
            Y.applyUpdate(doc, update);
        } catch (RuntimeException e) { // UpdateDecodeException; anything else the decoder throws is as bad
            throw new CardCorruptedException(card, row, e);
        }
    }

    private static Stored read(DSLContext tx, CardRef card) {
        Record2<Long, byte[]> snapshot = tx.select(CARD_SNAPSHOTS.LAST_SEQ, CARD_SNAPSHOTS.STATE)
                .from(CARD_SNAPSHOTS)
                .where(CARD_SNAPSHOTS.CARD.eq(card.id()))
                .orderBy(CARD_SNAPSHOTS.LAST_SEQ.desc())
                .limit(1)
                .fetchOne();
        List<Row> rows = tx.select(CARD_UPDATES.SEQ, CARD_UPDATES.DATA)
                .from(CARD_UPDATES)
                .where(CARD_UPDATES.CARD.eq(card.id()))
                .orderBy(CARD_UPDATES.SEQ)
                .fetch(r -> new Row(r.value1(), r.value2()));
        return snapshot == null
                ? new Stored(-1, null, rows)
                : new Stored(snapshot.value1(), snapshot.value2(), rows);
    }

    // -------------------------------------------------------------------------------------------- append

    /**
     * Appends a v1 update (as applied by the caller; not re-validated here) to the card's log. The future
     * completes after the transaction holding it committed (group commit: up to
     * {@code groupCommitWindow} / {@code maxBatch} appends share one transaction), or exceptionally with the
     * cause when it did not (then the update must not be treated as durable, e.g. not echoed). The appends
     * of a card are stored in the order of the calls. Futures complete on an internal thread: chain cheap
     * actions or use the *Async variants.
     */
    public CompletableFuture<Void> append(CardRef card, byte[] update) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(update, "update");
        return committer.append(card, update);
    }

    // ---------------------------------------------------------------------------------------- compaction

    /**
     * Compacts the card when its log after the latest snapshot has at least {@code compactAfterRows} rows or
     * {@code compactAfterBytes} bytes. Cheap on the caller's thread: it compares an in-memory estimate (rows
     * counted from the database once, plus the appends committed since); the database check and the
     * compaction run on a compactor thread. Calls for a card whose check or compaction is under way get
     * that one's future.
     *
     * @return true when it compacted; false when not needed, or another compactor held the card's lock;
     *         exceptionally when the compaction failed (e.g. {@link CardCorruptedException})
     */
    public CompletableFuture<Boolean> compactIfNeeded(CardRef card) {
        Objects.requireNonNull(card, "card");
        if (closed) {
            return CompletableFuture.completedFuture(false);
        }
        LogSize estimate = logSizes.get(card.id());
        if (estimate != null && !overThreshold(estimate)) {
            return CompletableFuture.completedFuture(false);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = compacting.putIfAbsent(card.id(), mine);
        if (running != null) {
            return running;
        }
        try {
            compactor.execute(() -> {
                try {
                    boolean compacted = compactIfNeededNow(card);
                    compacting.remove(card.id(), mine);
                    mine.complete(compacted);
                } catch (Throwable t) {
                    compacting.remove(card.id(), mine);
                    mine.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) { // closing
            compacting.remove(card.id(), mine);
            mine.complete(false);
        }
        return mine;
    }

    private boolean overThreshold(LogSize size) {
        return size.rows() >= settings.compactAfterRows() || size.bytes() >= settings.compactAfterBytes();
    }

    private boolean compactIfNeededNow(CardRef card) {
        Record2<Integer, Long> counted = dsl.select(DSL.count(),
                        DSL.field("coalesce(sum(octet_length({0})), 0)", SQLDataType.BIGINT, CARD_UPDATES.DATA))
                .from(CARD_UPDATES)
                .where(CARD_UPDATES.CARD.eq(card.id()))
                .fetchOne();
        LogSize size = new LogSize(counted.value1(), counted.value2());
        if (!overThreshold(size)) {
            track(card, size);
            return false;
        }
        logSizes.remove(card.id()); // unknown until counted again: appends go on during the compaction
        return compact(card);
    }

    private void track(CardRef card, LogSize size) {
        if (logSizes.size() >= MAX_TRACKED_CARDS) {
            logSizes.clear(); // forgotten estimates are only re-read from the database
        }
        logSizes.put(card.id(), size);
    }

    /**
     * Folds the card's log into a new snapshot, in one transaction: takes
     * {@code pg_try_advisory_xact_lock(card id)} (returns false at once when another compactor, in any
     * process, holds it), reads the latest snapshot and all log rows, applies them to a fresh doc (any
     * malformed one: {@link CardCorruptedException}, nothing changed), inserts the new snapshot (the doc's
     * {@code Y.encodeStateAsUpdate}, its state vector from {@code Y.encodeStateVectorFromUpdate}, last_seq =
     * the highest seq merged), deletes exactly the rows it read (rows committed meanwhile, even with a lower
     * seq, stay) and the older snapshots. A failure at any step rolls all of it back.
     *
     * @return false when another compactor holds the card; true otherwise (also when there was no log to fold)
     */
    public boolean compact(CardRef card) {
        Objects.requireNonNull(card, "card");
        long t0 = System.nanoTime();
        Outcome outcome;
        try {
            outcome = dsl.transactionResult(cfg -> compactIn(DSL.using(cfg), card));
        } catch (RuntimeException e) {
            compactionFailures.incrementAndGet();
            throw e;
        }
        switch (outcome) {
            case COMPACTED -> {
                compactions.incrementAndGet();
                logSizes.remove(card.id());
            }
            case LOCKED -> compactionsSkipped.incrementAndGet();
            case NOTHING_TO_DO -> { }
        }
        log.debug("compaction of card {}: {} in {} ms", card, outcome, (System.nanoTime() - t0) / 1_000_000);
        return outcome != Outcome.LOCKED;
    }

    private enum Outcome { COMPACTED, NOTHING_TO_DO, LOCKED }

    private static Outcome compactIn(DSLContext tx, CardRef card) {
        Boolean locked = tx.select(DSL.field("pg_try_advisory_xact_lock({0})", SQLDataType.BOOLEAN,
                DSL.val(card.id(), SQLDataType.BIGINT))).fetchOne().value1();
        if (!Boolean.TRUE.equals(locked)) {
            return Outcome.LOCKED;
        }
        Stored stored = read(tx, card);
        if (stored.rows().isEmpty()) {
            return Outcome.NOTHING_TO_DO;
        }
        Doc doc = stored.apply(card);
        byte[] state = Y.encodeStateAsUpdate(doc);
        byte[] stateVector = Y.encodeStateVectorFromUpdate(state);
        long lastSeq = stored.maxSeq(); // >= the old snapshot's last_seq, so the new one is the latest

        tx.deleteFrom(CARD_SNAPSHOTS)
                .where(CARD_SNAPSHOTS.CARD.eq(card.id()), CARD_SNAPSHOTS.LAST_SEQ.le(lastSeq))
                .execute();
        tx.insertInto(CARD_SNAPSHOTS, CARD_SNAPSHOTS.CARD, CARD_SNAPSHOTS.LAST_SEQ, CARD_SNAPSHOTS.STATE,
                        CARD_SNAPSHOTS.STATE_VECTOR)
                .values(card.id(), lastSeq, state, stateVector)
                .execute();
        Long[] merged = new Long[stored.rows().size()];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = stored.rows().get(i).seq();
        }
        int deleted = tx.deleteFrom(CARD_UPDATES)
                .where(CARD_UPDATES.CARD.eq(card.id()),
                        CARD_UPDATES.SEQ.eq(DSL.any(DSL.val(merged, SQLDataType.BIGINT.array()))))
                .execute();
        if (deleted != merged.length) { // only compactors delete rows, and this one holds the card's lock
            throw new IllegalStateException("compaction of card id " + card.id() + " read " + merged.length
                    + " log rows but deleted " + deleted + "; rolled back");
        }
        return Outcome.COMPACTED;
    }

    // ------------------------------------------------------------------------------------------ metrics

    /**
     * Counters since this log was opened.
     *
     * @param appendedRows       appends committed
     * @param appendTransactions transactions that committed appends (group commits)
     * @param failedAppends      appends whose future failed
     * @param largestBatch       the most appends one transaction held
     * @param compactions        compactions that wrote a snapshot
     * @param compactionsSkipped compactions that found the card's lock held by another compactor
     * @param compactionFailures compactions that failed (and changed nothing)
     */
    public record Stats(long appendedRows, long appendTransactions, long failedAppends, long largestBatch,
                        long compactions, long compactionsSkipped, long compactionFailures) { }

    public Stats stats() {
        return new Stats(committer.appendedRows.get(), committer.transactions.get(), committer.failedAppends.get(),
                committer.largestBatch.get(), compactions.get(), compactionsSkipped.get(),
                compactionFailures.get());
    }

    /**
     * Flushes the pending appends (their futures complete), stops the writer, lets running compactions finish
     * (queued ones still run; later {@link #compactIfNeeded} calls answer false). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        committer.close();
        compactor.shutdown();
        try {
            if (!compactor.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("compactions still running 60 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
