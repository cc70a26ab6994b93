package dev.promptcards.persistence;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The group commit of {@link UpdateLog#append}: one writer thread takes the first queued append, keeps
 * collecting for up to the window (or until {@code maxBatch} rows), inserts the batch with one INSERT
 * statement (its own transaction) and completes the batch's futures after the commit.
 *
 * <p>Order: the queue is FIFO, the batch is inserted in queue order (the identity {@code seq} is drawn
 * row by row in array order) and a batch commits before the next one starts, so the appends of a card get
 * increasing seqs in the order {@code append} was called (from one thread, or as ordered by the callers).
 *
 * <p>Failure: when the batch's INSERT fails on bad data (SQL state class 22 or 23, e.g. an unknown card), the
 * rows are retried one per transaction so that one bad append does not fail the others; once an append of a
 * card failed, the later appends of that card in the same batch fail too (a card's stored log stays a prefix
 * of what was appended in that batch). Any other failure (connection lost, database down) fails the whole
 * batch with its cause. A failed future means "not known to be durable": the row may or may not be stored
 * (e.g. the connection broke during COMMIT), which is harmless since updates are idempotent.
 *
 * <p>Futures are completed on a separate completer thread, so that what callers chain onto them never delays
 * the next commit.
 */
final class GroupCommitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    record Append(CardRef card, byte[] update, CompletableFuture<Void> done) { }

    /** Called with each committed append (for the log size estimates), on the writer thread. */
    interface CommitListener {
        void committed(CardRef card, int bytes);
    }

    private final DSLContext dsl;
    private final long windowNanos;
    private final int maxBatch;
    private final CommitListener listener;
    /**
     * Guards {@link #pending}, {@link #closed} and {@link #writerIdle}. Appenders wake the writer only when
     * it waits for a first append or a batch is full: it sleeps through the rest of its window instead of
     * waking for every append (the server benchmark measured those wake-ups, a futex call each, on the
     * threads that append and on the writer).
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final ArrayDeque<Append> pending = new ArrayDeque<>();
    private boolean writerIdle;
    private boolean closed;
    private final Thread writer;
    private final ExecutorService completer;

    final AtomicLong appendedRows = new AtomicLong();
    final AtomicLong transactions = new AtomicLong();
    final AtomicLong failedAppends = new AtomicLong();
    final AtomicLong largestBatch = new AtomicLong();

    GroupCommitter(DSLContext dsl, Duration window, int maxBatch, CommitListener listener) {
        this.dsl = dsl;
        this.windowNanos = window.toNanos();
        this.maxBatch = maxBatch;
        this.listener = listener;
        this.completer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "promptcards-append-completer");
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::run, "promptcards-append-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    CompletableFuture<Void> append(CardRef card, byte[] update) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("the update log is closed"));
                return done;
            }
            pending.add(new Append(card, update, done));
            if (writerIdle || pending.size() >= maxBatch) {
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
        return done;
    }

    /** Flushes what is queued, then stops the writer and the completer. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completer.shutdown();
        try {
            if (!completer.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("append completer did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Append> batch;
        while ((batch = nextBatch()) != null) {
            try {
                write(batch);
            } catch (Throwable t) { // never let the writer die: that would leave appends hanging
                log.error("append writer failed on a batch of {}", batch.size(), t);
                List<Append> failed = batch;
                complete(() -> failed.forEach(a -> a.done().completeExceptionally(t)));
            }
        }
    }

    /**
     * Waits for a first append, then for the window (counted from then; with window 0 only what is already
     * queued joins) unless {@code maxBatch} appends are queued sooner or the committer is closing, and takes
     * up to {@code maxBatch} appends in queue order.
     *
     * @return the batch; null once closed and everything queued was taken
     */
    private List<Append> nextBatch() {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (closed) {
                    return null;
                }
                writerIdle = true;
                wake.awaitUninterruptibly();
                writerIdle = false;
            }
            long deadline = System.nanoTime() + windowNanos;
            long left;
            while (pending.size() < maxBatch && !closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    wake.awaitNanos(left);
                } catch (InterruptedException e) {
                    // nobody interrupts the writer; if someone does, keep going: close() stops it
                    Thread.interrupted();
                }
            }
            List<Append> batch = new ArrayList<>(Math.min(pending.size(), maxBatch));
            while (batch.size() < maxBatch && !pending.isEmpty()) {
                batch.add(pending.poll());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void write(List<Append> batch) {
        largestBatch.accumulateAndGet(batch.size(), Math::max);
        try {
            insert(batch);
        } catch (DataAccessException e) {
            if (batch.size() > 1 && isDataError(e)) {
                log.warn("append batch of {} refused ({}); retrying one row per transaction", batch.size(),
                        e.getMessage());
                writeOneByOne(batch);
                return;
            }
            failedAppends.addAndGet(batch.size());
            complete(() -> batch.forEach(a -> a.done().completeExceptionally(e)));
            return;
        }
        for (Append a : batch) {
            listener.committed(a.card(), a.update().length);
        }
        appendedRows.addAndGet(batch.size());
        complete(() -> batch.forEach(a -> a.done().complete(null)));
    }

    private void writeOneByOne(List<Append> batch) {
        Set<Long> failedCards = new HashSet<>();
        for (Append a : batch) {
            if (failedCards.contains(a.card().id())) {
                failedAppends.incrementAndGet();
                complete(() -> a.done().completeExceptionally(new IllegalStateException(
                        "an earlier append of card id " + a.card().id() + " in the same batch failed")));
                continue;
            }
            try {
                insert(List.of(a));
            } catch (RuntimeException e) {
                failedCards.add(a.card().id());
                failedAppends.incrementAndGet();
                complete(() -> a.done().completeExceptionally(e));
                continue;
            }
            listener.committed(a.card(), a.update().length);
            appendedRows.incrementAndGet();
            complete(() -> a.done().complete(null));
        }
    }

    /**
     * The batch's INSERT: one statement whatever the batch's size, run in autocommit (one statement is
     * one transaction), the rows given as two arrays. It replaced a jOOQ transaction around a multi-row
     * VALUES insert: that cost BEGIN, INSERT and COMMIT round trips, a new SQL text (so a new parse in
     * PostgreSQL) for each batch size, and jOOQ's rendering on every batch, which the server benchmark
     * measured as the largest part of the append writer's CPU (docs/benchmarks.md). The seqs are
     * drawn in array order: the SELECT is the INSERT's subquery, and the identity's nextval is computed
     * by the INSERT on the subquery's rows as they come, in its ORDER BY order.
     */
    static final String INSERT_SQL = "insert into card_updates (card, data)"
            + " select u.card, u.data from unnest(?::bigint[], ?::bytea[]) with ordinality as u(card, data, n)"
            + " order by u.n";

    /** Inserts the rows in one statement (one transaction). */
    private void insert(List<Append> rows) {
        Long[] cards = new Long[rows.size()];
        byte[][] data = new byte[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            cards[i] = rows.get(i).card().id();
            data[i] = rows.get(i).update();
        }
        dsl.connection(connection -> {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
                insert.setArray(1, connection.createArrayOf("bigint", cards));
                insert.setArray(2, connection.createArrayOf("bytea", data));
                insert.executeUpdate();
            }
        });
        transactions.incrementAndGet();
    }

    private static boolean isDataError(DataAccessException e) {
        SQLStateClass c = e.sqlStateClass();
        return c == SQLStateClass.C22_DATA_EXCEPTION || c == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION;
    }

    private void complete(Runnable r) {
        completer.execute(r);
    }
}
