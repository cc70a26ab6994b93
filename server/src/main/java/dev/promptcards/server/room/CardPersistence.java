package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.StoredState;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One room's side of the {@link CardStorage}: loads and creates the card on the blocking executor (a
 * JDBC call never runs on a room's executor, where it would hold up other rooms' tasks), appends
 * updates, starts compactions, and keeps track of every storage call still running, so the room is
 * only done once they are ({@link #settled()}). Thread-safe.
 */
final class CardPersistence {

    private static final Logger LOG = LoggerFactory.getLogger(CardPersistence.class);

    /**
     * What loading found.
     *
     * @param ref   the card, or null if there is no such card (or it was deleted)
     * @param state its stored state, or null with {@code ref}
     */
    record Loaded(CardRef ref, StoredState state) {
    }

    private final CardKey key;
    private final CardStorage storage;
    private final Executor blocking;
    private final ServerMetrics metrics;
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();

    CardPersistence(CardKey key, CardStorage storage, Executor blocking, ServerMetrics metrics) {
        this.key = Objects.requireNonNull(key, "key");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * Finds the card and loads its stored state, on the blocking executor, once {@code after} is done
     * (the previous room of the same card: its last appends must be in before this one reads).
     *
     * @param after what to wait for first; its outcome does not matter
     * @return the card and its state; fails with what the storage threw (a
     *         {@link dev.promptcards.persistence.CardCorruptedException} for a corrupted card)
     */
    CompletableFuture<Loaded> load(CompletableFuture<?> after) {
        return track(after.handle((result, failure) -> null).thenApplyAsync(ignored -> {
            Optional<CardRef> ref = storage.cards().find(key.workspace(), key.card());
            return ref.map(card -> new Loaded(card, storage.log().load(card))).orElse(new Loaded(null, null));
        }, blocking));
    }

    /**
     * Creates the card on the blocking executor.
     *
     * @param createdBy the subject of the editor whose connection creates it
     * @return the new card (or the one a concurrent creation made)
     */
    CompletableFuture<CardRef> create(String createdBy) {
        return track(async(() -> storage.cards().create(key.workspace(), key.card(), createdBy)));
    }

    /**
     * Records the card's title and now as its last update for the listing, on the blocking executor.
     *
     * @param card  the card
     * @param title its title now
     * @return completes with false if the card was deleted meanwhile; exceptionally if the storage failed
     */
    CompletableFuture<Boolean> touch(CardRef card, String title) {
        return track(async(() -> storage.cards().touch(card, title)));
    }

    /**
     * Appends an update to the card's log (group-committed by the storage).
     *
     * @param card   the card
     * @param update a v1 update
     * @return completes once the update is durable; exceptionally if it could not be stored
     */
    CompletableFuture<Void> append(CardRef card, byte[] update) {
        CompletableFuture<Void> appended;
        try {
            appended = storage.log().append(card, update);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        return track(appended);
    }

    /**
     * Compacts the card's log if it has grown past the storage's thresholds. Cheap on the caller's
     * thread: the storage compares an estimate, runs the compaction on its own thread, and answers a
     * call for a card whose compaction is under way with that one. A failure is logged, nothing else.
     *
     * @param card the card
     */
    void compactIfNeeded(CardRef card) {
        CompletableFuture<Boolean> compaction;
        try {
            compaction = storage.log().compactIfNeeded(card);
        } catch (RuntimeException e) {
            compaction = CompletableFuture.failedFuture(e);
        }
        if (compaction.isDone() && !compaction.isCompletedExceptionally()) {
            return;
        }
        track(compaction).whenComplete((compacted, failure) -> {
            if (failure != null) {
                metrics.storageFailed("compact");
                LOG.warn("card {}: compaction failed (the log stays as it is)", key, failure);
            } else if (Boolean.TRUE.equals(compacted)) {
                LOG.debug("card {}: log compacted", key);
            }
        });
    }

    /**
     * Completes (never exceptionally) once every storage call started so far has completed.
     *
     * @return the future
     */
    CompletableFuture<Void> settled() {
        return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                .handle((result, failure) -> null);
    }

    /**
     * Tells how many storage calls are running.
     *
     * @return loads, creations, appends and compactions not yet completed
     */
    int running() {
        return running.size();
    }

    /** Runs {@code work} on the blocking executor; fails if that executor refuses it (closed). */
    private <T> CompletableFuture<T> async(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, blocking);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> future) {
        running.add(future);
        future.whenComplete((result, failure) -> running.remove(future));
        return future;
    }
}
