package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusListener;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.BusStatus;
import dev.promptcards.presence.bus.InProcessBus;
import dev.promptcards.presence.bus.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A node's {@link InProcessBus} whose incoming messages a test can drop (what Redis pub/sub may lose), and
 * whose subscriptions a test can tell {@link BusListener#resumed()} or {@link BusListener#nodeGone(String)}.
 * The end-to-end tests lose messages on a real Redis; this one lets a room's healing be checked one case at
 * a time.
 */
final class ControlledBus implements Bus {

    private final InProcessBus bus;
    private final List<BusListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Predicate<BusMessage> lose = message -> false;

    ControlledBus(InProcessBus.Hub hub, String node) {
        this.bus = new InProcessBus(hub, node);
    }

    /** From now on, incoming messages that match are lost. */
    void lose(Predicate<BusMessage> matching) {
        this.lose = matching;
    }

    /** Tells every subscription that the bus is back after an outage. */
    void resume() {
        listeners.forEach(BusListener::resumed);
    }

    /** Tells every subscription that a node stopped. */
    void nodeGone(String node) {
        listeners.forEach(listener -> listener.nodeGone(node));
    }

    @Override
    public String nodeId() {
        return bus.nodeId();
    }

    @Override
    public void publish(CardKey card, BusMessage.Kind kind, byte[] payload) {
        bus.publish(card, kind, payload);
    }

    @Override
    public void send(CardKey card, String to, BusMessage.Kind kind, byte[] payload) {
        bus.send(card, to, kind, payload);
    }

    @Override
    public Subscription subscribe(CardKey card, BusListener listener) {
        listeners.add(listener);
        Subscription subscription = bus.subscribe(card, message -> {
            if (!lose.test(message)) {
                listener.received(message);
            }
        });
        return () -> {
            listeners.remove(listener);
            subscription.close();
        };
    }

    @Override
    public BusStatus status() {
        return bus.status();
    }

    @Override
    public void close() {
        bus.close();
    }
}
