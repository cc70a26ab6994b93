package dev.promptcards.server.room;

import dev.promptcards.crdt.sync.Message;
import dev.promptcards.presence.Awareness;
import java.util.Collection;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The awareness part of a {@link Room}: the card's {@link Awareness} and which member controls which
 * awareness clients. Each change returns the frame to send to everyone ({@code null}: nothing
 * changed); the room sends it. Confined to the room's executor.
 */
final class RoomAwareness {

    private final Awareness awareness;

    RoomAwareness(LongSupplier nowMillis, int maxClients) {
        this.awareness = new Awareness(nowMillis, maxClients);
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
     * Applies an awareness update from {@code sender}, which then controls the clients it added
     * (y-websocket-server awarenessChangeHandler).
     *
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] apply(Member sender, byte[] update) {
        Awareness.Change change = awareness.applyUpdate(update);
        Set<Long> owned = sender.awarenessClients();
        owned.addAll(change.added());
        change.removed().forEach(owned::remove);
        return change.isEmpty() ? null : frame(change.changed());
    }

    /**
     * Applies an awareness update another node relayed: its clients belong to no member of this room (their
     * own node removes them when they leave).
     *
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] applyRemote(byte[] update) {
        Awareness.Change change = awareness.applyUpdate(update);
        return change.isEmpty() ? null : frame(change.changed());
    }

    /**
     * Removes the states not renewed in time, and forgets them in the members that controlled them.
     *
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] removeOutdated(Collection<Member> members) {
        Awareness.Change change = awareness.removeOutdated();
        if (change.isEmpty()) {
            return null;
        }
        for (Member member : members) {
            change.removed().forEach(member.awarenessClients()::remove);
        }
        return frame(change.changed());
    }

    /**
     * Removes the states a member that left controlled (y-websocket-server closeConn).
     *
     * @return what changed, to send to everyone; {@code null} if nothing did
     */
    byte[] removeOwnedBy(Member member) {
        Set<Long> owned = member.awarenessClients();
        if (owned.isEmpty()) {
            return null;
        }
        Awareness.Change change = awareness.removeStates(owned);
        return change.isEmpty() ? null : frame(change.changed());
    }

    private byte[] frame(Collection<Long> clients) {
        return Message.encode(message(clients));
    }

    private Message message(Collection<Long> clients) {
        return new Message.Awareness(awareness.encodeUpdate(clients));
    }
}
