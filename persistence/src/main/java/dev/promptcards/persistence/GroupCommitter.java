package dev.promptcards.persistence;

import org.jooq.DSLContext;
import org.jooq.InsertValuesStep2;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;

/**
 * The group commit of {@link UpdateLog#append}: one writer thread takes the first queued append, keeps
 * collecting for up to the window (or until {@code maxBatch} rows), inserts the batch with one multi-row
 * INSERT in one transaction and completes the batch's futures after the commit.
 *
 * <p>Order: the queue is FIFO, the batch is inserted in queue order (the identity {@code seq} is drawn
 * row by row in VALUES order) and a batch commits before the next one starts, so the appends of a card get
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

    /** Tells the writer to stop: everything queued before it is flushed first. */
    private static final Append STOP = new Append(null, null, null);

    /** Called with each committed append (for the log size estimates), on the writer thread. */
    interface CommitListener {
        void committed(CardRef card, int bytes);
    }

    private final DSLContext dsl;
    private final long windowNanos;
    private final int maxBatch;
    private final CommitListener listener;
    private final LinkedBlockingQueue<Append> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread writer;
    private final ExecutorService completer;
    private boolean closed;

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
        synchronized (lifecycle) {
            if (closed) {
                done.completeExceptionally(new IllegalStateException("the update log is closed"));
                return done;
            }
            queue.add(new Append(card, update, done));
        }
        return done;
    }

    /** Flushes what is queued, then stops the writer and the completer. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
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
        List<Append> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                Append first = queue.take();
                if (first == STOP) {
                    break;
                }
                batch.add(first);
                long deadline = System.nanoTime() + windowNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    // the window is counted from the first append of the batch; with window 0 only what is
                    // already queued joins it
                    Append next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        stop = true; // flush this batch, then leave: nothing can be queued after STOP
                        break;
                    }
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                // nobody interrupts the writer; if someone does, keep going: close() stops it with STOP
                Thread.interrupted();
                if (batch.isEmpty()) {
                    continue;
                }
            }
            try {
                write(List.copyOf(batch));
            } catch (Throwable t) { // never let the writer die: that would leave appends hanging
                log.error("append writer failed on a batch of {}", batch.size(), t);
                List<Append> failed = List.copyOf(batch);
                complete(() -> failed.forEach(a -> a.done().completeExceptionally(t)));
            }
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

    /** One multi-row INSERT in one transaction. */
    private void insert(List<Append> rows) {
        dsl.transaction(cfg -> {
            InsertValuesStep2<?, Long, byte[]> insert =
                    DSL.using(cfg).insertInto(CARD_UPDATES, CARD_UPDATES.CARD, CARD_UPDATES.DATA);
            for (Append a : rows) {
                insert = insert.values(a.card().id(), a.update());
            }
            insert.execute();
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
