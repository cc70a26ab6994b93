package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.SyncDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a room's card in step with the same card on the other nodes, over a bus that may lose messages
 * (Redis pub/sub does not guarantee delivery). Each node numbers what it publishes about the card; a gap in
 * a node's numbers, a reconnect of the bus, the card's load and a periodic timer make this node send its
 * {@link SyncDigest} (state vector and a digest of its deletions) in a {@link BusMessage.Kind#SYNC_REQUEST};
 * a node that has something the requester lacks answers with exactly that diff
 * ({@link BusMessage.Kind#SYNC_REPLY}), and asks in turn when the requester has something it lacks. A state
 * vector alone does not show a lost deletion, hence the digest (ARCHITECTURE.md "Many nodes").
 *
 * <p>Confined to the room's executor, like the document it reads.
 */
final class RoomReplication {

    /** Why this node asked the others for what it lacks. */
    enum Reason {
        /** The card was just loaded: what the others changed meanwhile may not be stored yet. */
        LOADED,
        /** A node's sequence skipped a number: its message was lost. */
        GAP,
        /** The bus came back after an outage. */
        RECONNECTED,
        /** The periodic check, for what no gap shows (a lost last message). */
        PERIODIC,
        /** Another node's request showed that it has something this node lacks. */
        BEHIND;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RoomReplication.class);
    /** A request to a node still unanswered after this long is sent again when the next reason comes. */
    static final long REQUEST_PATIENCE_NANOS = 2_000_000_000L;
    /** The answer that says "too big for the bus: load the card from the database" (BusMessage.Kind.SYNC_REPLY). */
    private static final byte[] LOAD_FROM_DATABASE = new byte[0];

    private final CardKey card;
    private final Bus bus;
    private final Doc doc;
    private final ReplicationMetrics metrics;
    private final LongSupplier nanoTime;
    private final int maxHealBytes;
    /** The last sequence number received from each node. */
    private final Map<String, Long> sequences = new HashMap<>();
    /** When this node last asked each node and has not had its answer yet. */
    private final Map<String, Long> asked = new HashMap<>();
    /** The nodes that sent this card something, until they stop. */
    private final Set<String> heard = new HashSet<>();

    /**
     * @param card     the card
     * @param bus      the bus
     * @param doc      the room's document
     * @param metrics  gaps, requests and heals
     * @param nanoTime the clock of unanswered requests
     * @param maxHealBytes the largest heal sent over the bus ({@link BusLink#maxHealBytes()})
     */
    RoomReplication(CardKey card, Bus bus, Doc doc, ReplicationMetrics metrics, LongSupplier nanoTime,
            int maxHealBytes) {
        this.card = Objects.requireNonNull(card, "card");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.maxHealBytes = maxHealBytes;
    }

    /**
     * Counts a message in its node's sequence and asks that node for what was lost when a number is missing.
     *
     * @param message a message from another node
     * @return whether this node should act on it (it is for every node, or for this one)
     */
    boolean accept(BusMessage message) {
        heard.add(message.node());
        Long last = sequences.get(message.node());
        // a number at or below the last is a message sent twice (a publish retried across a reconnect): a node
        // numbers a card for its whole life, and applying it again changes nothing
        if (last == null || message.sequence() > last) {
            sequences.put(message.node(), message.sequence());
        }
        if (last != null && message.sequence() > last + 1) {
            metrics.gap();
            LOG.debug("card {}: messages {}..{} of node {} were lost", card, last + 1, message.sequence() - 1,
                    message.node());
            ask(message.node(), Reason.GAP);
        }
        return message.isFor(bus.nodeId());
    }

    /**
     * Answers a sync request: the diff the requester lacks, when it lacks something (always when the request
     * was addressed to this node, which then waits for an answer); and asks it in turn when it has something
     * this node lacks.
     *
     * @param request the request
     * @throws IllegalArgumentException if its payload is not a digest
     */
    void requested(BusMessage request) {
        SyncDigest theirs = SyncDigest.decode(request.payload());
        SyncDigest ours = SyncDigest.of(doc);
        if (request.to() != null || ours.hasMoreThan(theirs)) {
            byte[] diff = Y.encodeStateAsUpdate(doc, theirs.stateVector());
            if (diff.length > maxHealBytes) {
                LOG.info("card {}: what node {} lacks ({} bytes) is too big for the bus: it loads the card from the"
                        + " database", card, request.node(), diff.length);
                diff = LOAD_FROM_DATABASE;
            }
            bus.send(card, request.node(), BusMessage.Kind.SYNC_REPLY, diff);
            metrics.healSent(diff.length);
        }
        if (theirs.hasMoreThan(ours)) {
            ask(request.node(), Reason.BEHIND);
        }
    }

    /**
     * Notes the answer of a node this node asked; the caller applies the diff, or loads the card from the
     * database.
     *
     * @param reply the reply
     * @return true if the answer is a diff to apply, false if it says to load the card from the database
     */
    boolean replied(BusMessage reply) {
        asked.remove(reply.node());
        metrics.healReceived(reply.payload().length);
        return reply.payload().length > 0;
    }

    /**
     * Asks every node that has the card for what this one lacks.
     *
     * @param reason why
     */
    void askEveryone(Reason reason) {
        bus.publish(card, BusMessage.Kind.SYNC_REQUEST, SyncDigest.of(doc).encode());
        metrics.syncRequested(reason);
    }

    /** The bus is back after an outage: the numbering of the others starts anew, and everyone is asked. */
    void resumed() {
        sequences.clear();
        asked.clear();
        askEveryone(Reason.RECONNECTED);
    }

    /**
     * Forgets a node that stopped.
     *
     * @param node its id
     * @return whether this card had a message from it
     */
    boolean nodeGone(String node) {
        asked.remove(node);
        sequences.remove(node);
        return heard.remove(node);
    }

    /** Asks one node, unless this node asked it a moment ago and waits for its answer. */
    private void ask(String node, Reason reason) {
        long now = nanoTime.getAsLong();
        Long since = asked.get(node);
        if (since != null && now - since < REQUEST_PATIENCE_NANOS) {
            return;
        }
        asked.put(node, now);
        bus.send(card, node, BusMessage.Kind.SYNC_REQUEST, SyncDigest.of(doc).encode());
        metrics.syncRequested(reason);
    }
}
