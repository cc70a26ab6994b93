package dev.promptcards.presence.bus;

import dev.promptcards.card.CardKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bus of a single node: with {@code new InProcessBus()} a message reaches nobody, since a node never
 * receives its own. Nodes in one JVM that share a {@link Hub} (tests of several nodes) receive each other's
 * messages, synchronously, on the publisher's thread, every message delivered.
 */
public final class InProcessBus implements Bus {

    /** The subscriptions of every node sharing it, by card. Thread-safe. */
    public static final class Hub {
        private final Map<CardKey, List<Entry>> subscriptions = new ConcurrentHashMap<>();
        private final Set<String> nodes = ConcurrentHashMap.newKeySet();

        private void deliver(CardKey card, BusMessage message) {
            List<Entry> entries = subscriptions.get(card);
            if (entries == null) {
                return;
            }
            for (Entry entry : entries) {
                if (!entry.node.equals(message.node())) {
                    entry.received.incrementAndGet();
                    try {
                        entry.listener.received(message);
                    } catch (RuntimeException e) {
                        System.getLogger(InProcessBus.class.getName()).log(System.Logger.Level.ERROR,
                                "a bus listener of card " + card + " on node " + entry.node + " failed", e);
                    }
                }
            }
        }
    }

    private record Entry(String node, BusListener listener, AtomicLong received) {
    }

    private final Hub hub;
    private final String nodeId;
    private final Map<CardKey, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong messagesIn = new AtomicLong();
    private volatile boolean closed;

    /** A single node's bus, with a random node id. */
    public InProcessBus() {
        this(new Hub(), UUID.randomUUID().toString());
    }

    /**
     * A node on a hub shared with other nodes of this JVM.
     *
     * @param hub    the hub
     * @param nodeId this node's id, unique on the hub
     */
    public InProcessBus(Hub hub, String nodeId) {
        this.hub = Objects.requireNonNull(hub, "hub");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        hub.nodes.add(nodeId);
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void publish(CardKey card, BusMessage.Kind kind, byte[] payload) {
        deliver(card, null, kind, payload);
    }

    @Override
    public void send(CardKey card, String to, BusMessage.Kind kind, byte[] payload) {
        deliver(card, Objects.requireNonNull(to, "to"), kind, payload);
    }

    private void deliver(CardKey card, String to, BusMessage.Kind kind, byte[] payload) {
        Objects.requireNonNull(card, "card");
        if (closed) {
            return;
        }
        long sequence = sequences.computeIfAbsent(card, key -> new AtomicLong()).incrementAndGet();
        messagesOut.incrementAndGet();
        hub.deliver(card, new BusMessage(kind, nodeId, sequence, to, payload));
    }

    @Override
    public BusStatus status() {
        return new BusStatus("in-process", true, messagesOut.get(), messagesIn.get(), 0, 0, hub.nodes.size());
    }

    @Override
    public Subscription subscribe(CardKey card, BusListener listener) {
        Objects.requireNonNull(card, "card");
        Entry entry = new Entry(nodeId, Objects.requireNonNull(listener, "listener"), messagesIn);
        hub.subscriptions.computeIfAbsent(card, key -> new CopyOnWriteArrayList<>()).add(entry);
        return () -> hub.subscriptions.computeIfPresent(card, (key, entries) -> {
            entries.removeIf(subscribed -> subscribed == entry);
            return entries.isEmpty() ? null : entries;
        });
    }

    @Override
    public void close() {
        closed = true;
        hub.nodes.remove(nodeId);
        hub.subscriptions.values().forEach(entries -> entries.removeIf(entry -> entry.node.equals(nodeId)));
    }
}
