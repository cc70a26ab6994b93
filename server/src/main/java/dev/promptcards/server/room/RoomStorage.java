package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.CardCorruptedException;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.SpillDirectory;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Room}'s card stands with the storage, and the room's writes to it.
 *
 * <p>Every update is appended; {@link #store} answers, on the room's executor, once it is durable. When an
 * append fails (the database gone, most often), the update is kept: it and every later update of the card
 * wait, in order, for an append of the card's whole state (updates are idempotent, so the whole state covers
 * them all), tried at the next update, at every awareness check and at unload, until one succeeds. So
 * nobody is closed and nothing is dropped while the database is away; the writers' echoes only come later.
 * Echoes keep the order of the appends: one whose update is stored waits while an earlier one is not.
 * {@link #unstoredBytes()} is what waits (the room bounds it).
 *
 * <p>At unload the whole state is appended if anything waits, tried again for up to the unload timeout;
 * then, if the database is still away, spilled to a file that the next start replays
 * ({@link SpillDirectory}); only if that fails too are the changes lost, said by an ERROR line and
 * {@link UnloadOutcome#LOST}.
 *
 * <p>Confined to the room's executor, but for {@link #state}, {@link #hasUnstored} and what storage
 * callbacks do (they go back to the executor).
 */
final class RoomStorage {

    /** What became of a room's changes when it was unloaded. */
    enum UnloadOutcome {
        /** Everything was stored already, or is now. */
        STORED,
        /** The database was away: the card's state is in a spill file. */
        SPILLED,
        /** Neither the database nor the spill directory took it. */
        LOST
    }

    /** How long to wait between two whole-state appends at unload. */
    private static final Duration UNLOAD_RETRY = Duration.ofMillis(500);

    // same logger as before the split: log lines keep their logger
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);

    private final String card;
    private final ServerMetrics metrics;
    private final CardPersistence persistence;
    private final SerialExecutor executor;
    private final Doc doc;
    private final BooleanSupplier roomClosed;
    private final StorageHealth health;
    private final SpillDirectory spill;
    private final Duration unloadTimeout;

    // Confined to the executor.
    /** The stored card, once {@link Room.CardState#READY}. */
    private CardRef ref;
    /** Numbers the appends; a whole-state append covers every append numbered up to it. */
    private long appends;
    /** A whole-state append is running. */
    private boolean repairing;
    /** Updates not known to be stored (or stored after one that is not), by append number. */
    private final TreeMap<Long, Waiting> waiting = new TreeMap<>();

    private record Waiting(int bytes, CompletableFuture<Void> durable) {
    }

    // Written on the executor (or by storage callbacks), read anywhere.
    private volatile Room.CardState state = Room.CardState.LOADING;
    private volatile long unstoredBytes;
    /** The highest number of an append that failed or was not tried (0: none). */
    private final AtomicLong lastFailedAppend = new AtomicLong();
    /** The highest append number a successful whole-state append covers. */
    private final AtomicLong storedUpTo = new AtomicLong();

    RoomStorage(String card, ServerMetrics metrics, CardPersistence persistence, SerialExecutor executor, Doc doc,
            BooleanSupplier roomClosed, StorageHealth health, SpillDirectory spill, Duration unloadTimeout) {
        this.card = card;
        this.metrics = metrics;
        this.persistence = persistence;
        this.executor = executor;
        this.doc = doc;
        this.roomClosed = roomClosed;
        this.health = health;
        this.spill = spill;
        this.unloadTimeout = unloadTimeout;
    }

    Room.CardState state() {
        return state;
    }

    /** The card is loaded or created: the room serves it. */
    void ready(CardRef stored) {
        ref = stored;
        state = Room.CardState.READY;
    }

    /** @return the stored card once it was {@link Room.CardState#READY}, else null */
    CardRef ref() {
        return ref;
    }

    /** There is no such card (or it was deleted). */
    void missing() {
        state = Room.CardState.MISSING;
    }

    void cannotLoad(Throwable cause) {
        state = Room.CardState.FAILED;
        metrics.storageFailed("load");
        if (cause instanceof CardCorruptedException) {
            LOG.error("card {} cannot be loaded, it is corrupted: every connection to it is closed with 1011"
                    + " and nothing is written for it; other cards are not affected", card, cause);
        } else {
            health.failed(cause);
            LOG.error("card {} cannot be loaded: every connection to it is closed with 1011", card, cause);
        }
    }

    /**
     * The bytes of updates applied and not yet known to be stored.
     *
     * @return bytes; readable anywhere
     */
    long unstoredBytes() {
        return unstoredBytes;
    }

    /**
     * Tells whether changes wait for the storage.
     *
     * @return true while an update is not known to be stored; readable anywhere
     */
    boolean hasUnstored() {
        return lastFailedAppend.get() > storedUpTo.get();
    }

    /**
     * Stores an update.
     *
     * @param update the update the document emitted
     * @return completes on the room's executor once the update is durable (appended, or covered by a
     *         whole-state append), and once every earlier update is; fails only if the room closes first
     */
    CompletableFuture<Void> store(byte[] update) {
        CardRef stored = ref;
        if (stored == null) {
            // cannot happen: the document changes only once the card is READY
            metrics.storageFailed("append");
            LOG.error("card {}: an update while the card is {}: not stored", card, state);
            return CompletableFuture.failedFuture(new IllegalStateException("card " + card + " is " + state));
        }
        long number = ++appends;
        CompletableFuture<Void> durable = new CompletableFuture<>();
        if (hasUnstored()) {
            // covered by the next whole-state append; appending it alone would only fail again meanwhile
            wait(number, update.length, durable);
            storeWholeStateIfUnstored();
            return durable;
        }
        metrics.timeStorageCommit(persistence.append(stored, update)).whenComplete((ok, failure) -> {
            if (failure == null) {
                health.stored();
                persistence.compactIfNeeded(stored);
                afterStore(() -> {
                    if (!waiting.isEmpty() && waiting.firstKey() < number) {
                        wait(number, 0, durable);
                    } else {
                        durable.complete(null);
                    }
                });
                return;
            }
            // at once, not on the executor: a room closing meanwhile must still see it at unload
            lastFailedAppend.accumulateAndGet(number, Math::max);
            Throwable cause = unwrap(failure);
            health.failed(cause);
            metrics.storageFailed("append");
            LOG.warn("card {}: storing an update ({} bytes) failed; it is kept and the card's whole state stored"
                    + " again as soon as the database takes it: {}", card, update.length, cause.toString());
            afterStore(() -> {
                wait(number, update.length, durable);
                storeWholeStateIfUnstored();
            });
        });
        return durable;
    }

    private void wait(long number, int bytes, CompletableFuture<Void> durable) {
        lastFailedAppend.accumulateAndGet(number, Math::max);
        waiting.put(number, new Waiting(bytes, durable));
        unstoredBytes += bytes;
        metrics.storageBacklogChanged(1, bytes);
    }

    /** A whole-state append covering every append up to {@code covers} succeeded. */
    private void covered(long covers) {
        storedUpTo.accumulateAndGet(covers, Math::max);
        Iterator<Map.Entry<Long, Waiting>> entries = waiting.headMap(covers, true).entrySet().iterator();
        while (entries.hasNext()) {
            Waiting done = entries.next().getValue();
            entries.remove();
            unstoredBytes -= done.bytes();
            metrics.storageBacklogChanged(-1, -done.bytes());
            done.durable().complete(null);
        }
    }

    /**
     * While changes wait: appends the card's whole state, which holds every update applied so far (applying
     * it again on load changes nothing else). One at a time.
     */
    void storeWholeStateIfUnstored() {
        if (roomClosed.getAsBoolean() || repairing || ref == null || !hasUnstored()) {
            return;
        }
        repairing = true;
        long covers = appends;
        byte[] whole = Y.encodeStateAsUpdate(doc);
        persistence.append(ref, whole).whenComplete((ok, failure) -> {
            if (failure == null) {
                health.stored();
                LOG.info("card {}: its whole state ({} bytes) is stored, covering the updates kept since an append"
                        + " failed", card, whole.length);
            } else {
                health.failed(unwrap(failure));
                metrics.storageFailed("append");
                LOG.debug("card {}: storing its whole state failed; trying again later: {}", card,
                        unwrap(failure).toString());
            }
            afterStore(() -> {
                repairing = false;
                if (failure == null) {
                    covered(covers);
                    // what came meanwhile waits for the next one
                    storeWholeStateIfUnstored();
                }
            });
        });
    }

    /**
     * The last chance, when the room is closed (its executor drained): stores the whole state if anything
     * waits, tries again for up to the unload timeout, then spills it.
     *
     * @return what became of the room's changes; never completes exceptionally
     */
    CompletableFuture<UnloadOutcome> storeWholeStateAtUnload() {
        if (ref == null || !hasUnstored()) {
            return CompletableFuture.completedFuture(UnloadOutcome.STORED);
        }
        long covers = appends;
        byte[] whole = Y.encodeStateAsUpdate(doc);
        long deadline = System.nanoTime() + unloadTimeout.toNanos();
        return appendUntil(whole, deadline).thenApply(stored -> {
            if (stored) {
                storedUpTo.accumulateAndGet(covers, Math::max);
                failWaiting();
                LOG.info("card {}: its whole state ({} bytes) is stored at unload", card, whole.length);
                return UnloadOutcome.STORED;
            }
            failWaiting();
            return spill(whole);
        });
    }

    private CompletableFuture<Boolean> appendUntil(byte[] whole, long deadline) {
        return persistence.append(ref, whole).handle((ok, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                health.stored();
                return CompletableFuture.completedFuture(true);
            }
            health.failed(unwrap(failure));
            metrics.storageFailed("append");
            if (System.nanoTime() + UNLOAD_RETRY.toNanos() >= deadline) {
                LOG.warn("card {}: the database did not take its whole state within {}: {}", card, unloadTimeout,
                        unwrap(failure).toString());
                return CompletableFuture.completedFuture(false);
            }
            return CompletableFuture.supplyAsync(() -> null,
                    CompletableFuture.delayedExecutor(UNLOAD_RETRY.toMillis(), TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> appendUntil(whole, deadline));
        });
    }

    private UnloadOutcome spill(byte[] whole) {
        if (spill == null) {
            LOG.error("card {}: the changes since the database went away are LOST: it did not take the card's"
                    + " whole state and there is no spill directory", card);
            return UnloadOutcome.LOST;
        }
        try {
            var file = spill.write(ref, whole);
            LOG.warn("card {}: the database is away; its whole state ({} bytes) is spilled to {}, stored at the"
                    + " next start", card, whole.length, file);
            return UnloadOutcome.SPILLED;
        } catch (RuntimeException e) {
            LOG.error("card {}: the changes since the database went away are LOST: the database did not take the"
                    + " card's whole state and the spill file could not be written", card, e);
            return UnloadOutcome.LOST;
        }
    }

    /** At unload: nobody waits for echoes any more (the connections are closed). */
    private void failWaiting() {
        for (Waiting left : waiting.values()) {
            metrics.storageBacklogChanged(-1, -left.bytes());
            left.durable().completeExceptionally(new IllegalStateException("room " + card + " closed"));
        }
        waiting.clear();
        unstoredBytes = 0;
    }

    /** Runs {@code task} on the room's executor after a storage call; nothing if the room is closed. */
    void afterStore(Runnable task) {
        executor.offer(task);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
