package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.CardCorruptedException;
import dev.promptcards.persistence.CardRef;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Room}'s card stands with the storage, and the room's writes to it: every update
 * appended, and after a failed append the card's whole state appended again (at the next update, the
 * next awareness check and at unload) until one such append succeeds. Confined to the room's
 * executor, but for {@link #state} and what storage callbacks do (they go back to the executor).
 */
final class RoomStorage {

    // same logger as before the split: log lines keep their logger
    private static final Logger LOG = LoggerFactory.getLogger(Room.class);

    private final String card;
    private final ServerMetrics metrics;
    private final CardPersistence persistence;
    private final SerialExecutor executor;
    private final Doc doc;
    private final BooleanSupplier roomClosed;

    // Confined to the executor.
    /** The stored card, once {@link Room.CardState#READY}. */
    private CardRef ref;
    /** Numbers the appends; a whole-state append covers every append numbered up to it. */
    private long appends;
    /** A whole-state append (after a failure) is running. */
    private boolean repairing;

    // Written on the executor (or by storage callbacks), read anywhere.
    private volatile Room.CardState state = Room.CardState.LOADING;
    /** The highest number of a failed append (0: none failed). */
    private final AtomicLong lastFailedAppend = new AtomicLong();
    /** The highest append number a successful whole-state append covers. */
    private final AtomicLong storedUpTo = new AtomicLong();

    RoomStorage(String card, ServerMetrics metrics, CardPersistence persistence, SerialExecutor executor, Doc doc,
            BooleanSupplier roomClosed) {
        this.card = card;
        this.metrics = metrics;
        this.persistence = persistence;
        this.executor = executor;
        this.doc = doc;
        this.roomClosed = roomClosed;
    }

    Room.CardState state() {
        return state;
    }

    /** The card is loaded or created: the room serves it. */
    void ready(CardRef stored) {
        ref = stored;
        state = Room.CardState.READY;
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
            LOG.error("card {} cannot be loaded: every connection to it is closed with 1011", card, cause);
        }
    }

    /** Appends an update; a failure is counted, logged and makes the room store its whole state again. */
    CompletableFuture<Void> store(byte[] update) {
        CardRef stored = ref;
        if (stored == null) {
            // cannot happen: the document changes only once the card is READY
            metrics.storageFailed("append");
            LOG.error("card {}: an update while the card is {}: not stored", card, state);
            return CompletableFuture.failedFuture(new IllegalStateException("card " + card + " is " + state));
        }
        long number = ++appends;
        CompletableFuture<Void> appended = metrics.timeStorageCommit(persistence.append(stored, update));
        appended.whenComplete((ok, failure) -> {
            if (failure == null) {
                persistence.compactIfNeeded(stored);
                return;
            }
            lastFailedAppend.accumulateAndGet(number, Math::max);
            metrics.storageFailed("append");
            LOG.error("card {}: storing an update ({} bytes) failed; it stays in memory, and the card's whole"
                    + " state will be stored again", card, update.length, unwrap(failure));
            afterStore(this::storeWholeStateIfUnstored);
        });
        return appended;
    }

    /** True while an append failed and no whole-state append since covers it. */
    private boolean unstored() {
        return lastFailedAppend.get() > storedUpTo.get();
    }

    /**
     * After a failed append: appends the card's whole state, which holds every update applied so far,
     * the failed ones included (applying it again on load changes nothing else). One at a time.
     */
    void storeWholeStateIfUnstored() {
        if (roomClosed.getAsBoolean() || repairing || ref == null || !unstored()) {
            return;
        }
        repairing = true;
        long covers = appends;
        byte[] whole = Y.encodeStateAsUpdate(doc);
        persistence.append(ref, whole).whenComplete((ok, failure) -> {
            if (failure == null) {
                storedUpTo.accumulateAndGet(covers, Math::max);
                LOG.info("card {}: its whole state ({} bytes) is stored again after a failed update", card,
                        whole.length);
            } else {
                metrics.storageFailed("append");
                LOG.warn("card {}: storing its whole state again failed; trying again later: {}", card,
                        unwrap(failure).toString());
            }
            afterStore(() -> repairing = false);
        });
    }

    /** The last chance, when the room is closed: store the whole state if an append failed. */
    CompletableFuture<Void> storeWholeStateAtUnload() {
        // the executor has drained: nothing touches the document any more
        if (ref == null || !unstored()) {
            return CompletableFuture.completedFuture(null);
        }
        long covers = appends;
        byte[] whole = Y.encodeStateAsUpdate(doc);
        return persistence.append(ref, whole).handle((ok, failure) -> {
            if (failure == null) {
                storedUpTo.accumulateAndGet(covers, Math::max);
                LOG.info("card {}: its whole state ({} bytes) is stored again at unload", card, whole.length);
            } else {
                metrics.storageFailed("append");
                LOG.error("card {}: the changes since an update failed to be stored are LOST: storing its whole"
                        + " state at unload failed too", card, unwrap(failure));
            }
            return null;
        });
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
