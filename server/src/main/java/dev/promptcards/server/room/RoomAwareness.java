package dev.promptcards.server.room;

import dev.promptcards.crdt.sync.Message;
import dev.promptcards.presence.Awareness;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The awareness part of a {@link Room}: the card's {@link Awareness} and who owns which awareness client
 * id. Each change returns the frame to send to everyone ({@code null}: nothing changed); the room sends
 * it. Confined to the room's executor.
 *
 * <p>Ownership: a client id belongs to whoever first announced it (named it in an awareness update, with a
 * state or not):
 * <ul>
 *   <li>a member of this room, which may announce at most {@link PresenceBounds#maxClientsPerConnection()}
 *       ids and owns them until it leaves, also while they have no state; then their states are removed
 *       and their clocks forgotten, and for {@value Awareness#OUTDATED_TIMEOUT_MILLIS} ms only a
 *       connection of the same subject may take them: the client reconnecting, not someone who saw it
 *       leave;</li>
 *   <li>or another node, which owns the ids whose states it relayed until those states are removed.</li>
 * </ul>
 * Entries of a member's update for ids someone else owns are dropped, the rest applied; entries of another
 * node's update for ids a member owns are dropped too. A stock client sends back every change it receives
 * (y-websocket.js {@code _awarenessUpdateHandler}): those entries, for others' ids at their known clock,
 * are dropped without being counted.
 *
 * <p>Bytes: besides the card's bounds ({@link Awareness}), the states of the ids the members of one token
 * subject own hold at most {@link PresenceBounds#maxSubjectBytes()} together, so that the many connections one
 * token may open cannot fill the card and have every newcomer refused (issue 18). Another node's states count
 * only toward the card: that node bounds its own subjects.
 */
final class RoomAwareness {

    /**
     * What applying a member's update did.
     *
     * @param frame   the frame to send to everyone, or {@code null} if nothing changed
     * @param update  the update as applied, to publish (without the entries dropped)
     * @param dropped how many entries were dropped that would have changed a state of an id the member does
     *                not own (relays of what is known, which stock clients send, are dropped uncounted)
     */
    record Applied(byte[] frame, byte[] update, int dropped) {
    }

    private final Awareness awareness;
    private final int maxClientsPerConnection;
    /** The owner of each id a member announced; each member's {@link Member#awarenessClients()} mirrors it. */
    private final Map<Long, Member> members = new HashMap<>();
    /** The node that relayed each state of another node's client, while the state is there. */
    private final Map<Long, String> nodes = new HashMap<>();
    /** The ids of members that left, kept for their subject until the time given; oldest first. */
    private final Map<Long, Reservation> reserved = new LinkedHashMap<>();
    private final LongSupplier nowMillis;
    private final int maxReserved;
    private final long maxSubjectBytes;
    /** The bytes of the states of the ids each subject's members own, for those that hold any. */
    private final Map<String, Long> subjectBytes = new HashMap<>();

    /** An id kept for the subject of the member that owned it. */
    private record Reservation(String subject, long untilMillis) {
    }

    RoomAwareness(LongSupplier nowMillis, int maxClients, PresenceBounds bounds) {
        this.awareness = new Awareness(nowMillis, maxClients, bounds.maxStateBytes(), bounds.maxCardBytes());
        this.maxClientsPerConnection = bounds.maxClientsPerConnection();
        this.nowMillis = nowMillis;
        this.maxReserved = maxClients;
        this.maxSubjectBytes = bounds.maxSubjectBytes();
    }

    /** The known awareness states for a connection that joins; {@code null} if there are none. */
    byte[] joinFrame() {
        Set<Long> clients = awareness.clientsWithState();
        return clients.isEmpty() ? null : frame(clients);
    }

    /** Every known awareness state: the answer to query-awareness. */
    Message queryMessage() {
        return message(awareness.clientsWithState());
    }

    /**
     * Applies an awareness update from {@code sender}: the entries of the ids it owns, and of the ids nobody
     * owns, which it then owns; those of ids others own are dropped.
     *
     * @return what changed and what to publish
     * @throws dev.promptcards.presence.AwarenessLimitException if the sender would own more than
     *         {@link PresenceBounds#maxClientsPerConnection()} ids ({@code SENDER_CLIENTS}), would take its
     *         subject's states past {@link PresenceBounds#maxSubjectBytes()} ({@code SENDER_BYTES}), or the
     *         update goes past another bound; nothing is applied then
     */
    Applied apply(Member sender, byte[] update) {
        Set<Long> owned = sender.awarenessClients();
        Set<Long> claimed = new HashSet<>();
        String subject = sender.connection().subject();
        long before = awareness.totalBytes();
        long budget = maxSubjectBytes - subjectBytes.getOrDefault(subject, 0L);
        Awareness.Applied applied = awareness.applyUpdate(update, client -> {
            Member owner = members.get(client);
            if (owner == sender) {
                return Awareness.Admission.APPLY;
            }
            if (owner != null || nodes.containsKey(client) || reservedForAnother(client, sender)) {
                return Awareness.Admission.DROP;
            }
            if (owned.size() + claimed.size() >= maxClientsPerConnection) {
                return Awareness.Admission.REFUSE;
            }
            claimed.add(client);
            return Awareness.Admission.APPLY;
        }, budget);
        // every entry applied is of an id the sender owns: the change of the card's bytes is its subject's
        addSubjectBytes(subject, awareness.totalBytes() - before);
        for (Long client : claimed) {
            members.put(client, sender);
            owned.add(client);
            reserved.remove(client);
        }
        Awareness.Change change = applied.change();
        return new Applied(change.isEmpty() ? null : frame(change.changed()), applied.update(), applied.dropped());
    }

    /**
     * Applies an awareness update another node relayed: that node owns the ids whose states it set, until
     * they are removed (their own node removes them when their connection leaves). Entries of ids a member
     * of this room owns are dropped.
     *
     * @param node the node that published it
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] applyRemote(String node, byte[] update) {
        Awareness.Applied applied = awareness.applyUpdate(update,
                client -> members.containsKey(client) ? Awareness.Admission.DROP : Awareness.Admission.APPLY);
        Awareness.Change change = applied.change();
        change.added().forEach(client -> nodes.put(client, node));
        change.updated().forEach(client -> nodes.put(client, node));
        change.removed().forEach(nodes::remove);
        return change.isEmpty() ? null : frame(change.changed());
    }

    /**
     * Removes the states of the clients another node relayed (that node stopped), with their clocks raised as a
     * removal does.
     *
     * @param node the node
     * @return what changed, to send to this node's connections; {@code null} if nothing did
     */
    byte[] removeRelayedBy(String node) {
        List<Long> ids = nodes.entrySet().stream().filter(e -> e.getValue().equals(node)).map(Map.Entry::getKey)
                .toList();
        if (ids.isEmpty()) {
            return null;
        }
        Awareness.Change change = awareness.removeStates(ids);
        ids.forEach(nodes::remove);
        return change.isEmpty() ? null : frame(change.changed());
    }

    /**
     * The states of the clients of this node's members, as one awareness update (to tell the other nodes again).
     *
     * @return the update; {@code null} if no member has a state
     */
    byte[] ownStates() {
        Set<Long> withState = awareness.clientsWithState();
        List<Long> own = members.keySet().stream().filter(withState::contains).toList();
        return own.isEmpty() ? null : awareness.encodeUpdate(own);
    }

    /**
     * Removes the states not renewed in time. A member keeps its ids (its client may renew later); another
     * node's ids are freed.
     *
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] removeOutdated() {
        long now = nowMillis.getAsLong();
        reserved.values().removeIf(reservation -> reservation.untilMillis() <= now);
        Awareness.Change change = awareness.removeOutdated();
        if (change.isEmpty()) {
            return null;
        }
        change.removed().forEach(nodes::remove);
        if (change.removed().stream().anyMatch(members::containsKey)) {
            recountSubjectBytes();
        }
        return frame(change.changed());
    }

    private void addSubjectBytes(String subject, long delta) {
        if (delta != 0) {
            subjectBytes.merge(subject, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }

    /** Counts every subject's bytes again, after states were removed without a member's doing (a timeout). */
    private void recountSubjectBytes() {
        subjectBytes.clear();
        members.forEach((client, member) -> addSubjectBytes(member.connection().subject(),
                awareness.stateBytes(client)));
    }

    /**
     * Removes the states of the ids a member that left owned (y-websocket-server closeConn), then forgets
     * their clocks and frees the ids.
     *
     * @return what changed, to send to everyone and to the other nodes; {@code null} if nothing did
     */
    Message.Awareness removeOwnedBy(Member member) {
        Set<Long> owned = member.awarenessClients();
        if (owned.isEmpty()) {
            return null;
        }
        List<Long> ids = List.copyOf(owned);
        long before = awareness.totalBytes();
        Awareness.Change change = awareness.removeStates(ids);
        addSubjectBytes(member.connection().subject(), awareness.totalBytes() - before);
        Message.Awareness removal = change.isEmpty() ? null : message(change.changed());
        awareness.forget(ids);
        ids.forEach(members::remove);
        owned.clear();
        long until = nowMillis.getAsLong() + Awareness.OUTDATED_TIMEOUT_MILLIS;
        for (Long id : ids) {
            reserved.remove(id);
            if (reserved.size() >= maxReserved) {
                reserved.remove(reserved.keySet().iterator().next());
            }
            reserved.put(id, new Reservation(member.connection().subject(), until));
        }
        return removal;
    }

    /** Whether the id is kept for the subject of the member that left with it, and the sender is not of it. */
    private boolean reservedForAnother(long client, Member sender) {
        Reservation reservation = reserved.get(client);
        return reservation != null && reservation.untilMillis() > nowMillis.getAsLong()
                && !reservation.subject().equals(sender.connection().subject());
    }

    private byte[] frame(Collection<Long> clients) {
        return Message.encode(message(clients));
    }

    private Message.Awareness message(Collection<Long> clients) {
        return new Message.Awareness(awareness.encodeUpdate(clients));
    }
}
