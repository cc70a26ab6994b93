package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.BusListener;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.Subscription;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The listeners of each card and the card channels this node is subscribed to: SUBSCRIBE on a card's first
 * listener, UNSUBSCRIBE when its last one leaves, both issued under the card's entry of the map so that they
 * reach Redis in the order the listeners came and went.
 */
final class CardSubscriptions {

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());

    /** A listener, compared by identity. */
    private static final class Entry {
        private final BusListener listener;

        private Entry(BusListener listener) {
            this.listener = listener;
        }
    }

    private final RedisPubSubAsyncCommands<byte[], byte[]> pubsub;
    private final Map<CardKey, List<Entry>> byCard = new ConcurrentHashMap<>();
    /** Cards whose UNSUBSCRIBE did not reach Redis (it was away); Lettuce would subscribe them again. */
    private final Set<CardKey> unsubscribeFailed = ConcurrentHashMap.newKeySet();

    CardSubscriptions(RedisPubSubAsyncCommands<byte[], byte[]> pubsub) {
        this.pubsub = pubsub;
    }

    /**
     * Adds a listener to a card, subscribing to its channel if it is the first.
     *
     * @param card     the card
     * @param listener the listener
     * @return the subscription that removes it again
     */
    Subscription add(CardKey card, BusListener listener) {
        Entry entry = new Entry(listener);
        byCard.compute(card, (key, entries) -> {
            List<Entry> list = entries;
            if (list == null) {
                list = new CopyOnWriteArrayList<>();
                unsubscribeFailed.remove(key);
                // if Redis is away this fails; the resume after the reconnect subscribes again
                issue(() -> pubsub.subscribe(RedisKeys.channel(key)).toCompletableFuture());
            }
            list.add(entry);
            return list;
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                remove(card, entry);
            }
        };
    }

    private void remove(CardKey card, Entry entry) {
        byCard.computeIfPresent(card, (key, entries) -> {
            entries.removeIf(e -> e == entry);
            if (!entries.isEmpty()) {
                return entries;
            }
            issue(() -> pubsub.unsubscribe(RedisKeys.channel(key)).toCompletableFuture())
                    .whenComplete((ignored, error) -> {
                        if (error != null) {
                            unsubscribeFailed.add(key);
                        }
                    });
            return null;
        });
    }

    /**
     * Hands a message to the card's listeners; a listener that throws is logged and the others still get it.
     *
     * @param card    the card
     * @param message the message
     */
    void deliver(CardKey card, BusMessage message) {
        List<Entry> entries = byCard.get(card);
        if (entries == null) {
            return;
        }
        for (Entry entry : entries) {
            try {
                entry.listener.received(message);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a bus listener of card " + card + " failed", e);
            }
        }
    }

    /**
     * After a reconnect: subscribes every card with listeners again (Lettuce does too, but its confirmation
     * is not observable; a SUBSCRIBE answered means messages from then on arrive) and unsubscribes the cards
     * whose UNSUBSCRIBE was lost.
     *
     * @return completes when Redis answered all of them; fails if one failed
     */
    CompletableFuture<Void> resubscribeAll() {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        for (CardKey card : byCard.keySet()) {
            byCard.computeIfPresent(card, (key, entries) -> {
                answers.add(issue(() -> pubsub.subscribe(RedisKeys.channel(key)).toCompletableFuture()));
                return entries;
            });
        }
        for (CardKey card : Set.copyOf(unsubscribeFailed)) {
            byCard.compute(card, (key, entries) -> {
                if (entries == null && unsubscribeFailed.remove(key)) {
                    answers.add(issue(() -> pubsub.unsubscribe(RedisKeys.channel(key)).toCompletableFuture())
                            .whenComplete((ignored, error) -> {
                                if (error != null) {
                                    unsubscribeFailed.add(key);
                                }
                            }));
                }
                return entries;
            });
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }

    /**
     * Calls every listener of every card, logging a listener that throws.
     *
     * @param what what is told, for the log
     * @param call the call
     */
    void tellAll(String what, Consumer<BusListener> call) {
        for (Map.Entry<CardKey, List<Entry>> card : byCard.entrySet()) {
            for (Entry entry : card.getValue()) {
                try {
                    call.accept(entry.listener);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "a bus listener of card " + card.getKey() + " failed on " + what, e);
                }
            }
        }
    }

    /** Issues a command; Lettuce may reject it by throwing instead of failing the future. */
    private static CompletableFuture<?> issue(java.util.function.Supplier<CompletableFuture<?>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
