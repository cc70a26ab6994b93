package dev.promptcards.crdt.sync;

import dev.promptcards.crdt.Doc;
import java.util.Optional;

/**
 * What a peer does with each kind of message it receives, one method per kind, sans I/O: a message in,
 * the reply to send back (if any) out. After yrs's {@code sync::Protocol} trait
 * ({@code yrs/src/sync/protocol.rs}): {@link #handle(Message)} dispatches, the sync methods have
 * defaults that act on {@link #doc()}, and an implementation supplies awareness and whatever it
 * wants to change.
 *
 * <p>The read-only rule lives here, once: a peer that may not write ({@link #mayWrite()} false) has
 * its SyncStep2 and Update messages not applied (y-protocols PROTOCOL.md "Handling read-only users"),
 * and {@link #denied(byte[])} says what to answer. Call the methods on whatever thread owns the
 * document.
 */
public interface Protocol {

    /**
     * The document the sync messages act on.
     *
     * @return the local document
     */
    Doc doc();

    /**
     * Whether the peer may change the document.
     *
     * @return false for a read-only peer
     */
    boolean mayWrite();

    /**
     * The origin of the transactions that apply the peer's updates (who made the change).
     *
     * @return the origin passed to {@code Y.applyUpdate}
     */
    Object origin();

    /**
     * Dispatches a message to the method of its kind (yrs {@code handle_msg}).
     *
     * @param message the received message
     * @return the reply to send back to the peer, if any
     * @throws dev.promptcards.crdt.UpdateDecodeException if an update or state vector is malformed
     */
    default Optional<Message> handle(Message message) {
        return switch (message) {
            case Message.Sync sync -> switch (sync.message()) {
                case SyncMessage.SyncStep1 step1 -> handleSyncStep1(step1.stateVector());
                case SyncMessage.SyncStep2 step2 -> handleSyncStep2(step2.update());
                case SyncMessage.Update update -> handleUpdate(update.update());
            };
            case Message.Awareness awareness -> handleAwareness(awareness.update());
            case Message.QueryAwareness query -> handleQueryAwareness();
            case Message.Auth auth -> handleAuth(auth);
        };
    }

    /**
     * A SyncStep1: answered with the SyncStep2 the peer lacks, read-only peers included (reading is
     * allowed).
     *
     * @param stateVector the peer's encoded state vector
     * @return the SyncStep2 reply
     */
    default Optional<Message> handleSyncStep1(byte[] stateVector) {
        return Optional.of(SyncProtocol.syncStep2(doc(), stateVector));
    }

    /**
     * A SyncStep2: handled as an update.
     *
     * @param update the update the peer sent
     * @return what {@link #handleUpdate(byte[])} returns
     */
    default Optional<Message> handleSyncStep2(byte[] update) {
        return handleUpdate(update);
    }

    /**
     * An update: applied with {@link #origin()} if the peer may write, else not applied and answered
     * with {@link #denied(byte[])}.
     *
     * @param update the update the peer sent
     * @return nothing when applied, else the denial
     */
    default Optional<Message> handleUpdate(byte[] update) {
        if (!SyncProtocol.applyIfAllowed(doc(), update, origin(), mayWrite())) {
            return denied(update);
        }
        return Optional.empty();
    }

    /**
     * What a read-only peer is told when it sent a change that was not applied.
     *
     * @param update the update that was not applied
     * @return by default nothing; a server answers with {@link Message#permissionDenied(String)}
     */
    default Optional<Message> denied(byte[] update) {
        return Optional.empty();
    }

    /**
     * An awareness update.
     *
     * @param update the encoded awareness update
     * @return the reply, if any
     */
    Optional<Message> handleAwareness(byte[] update);

    /**
     * A query for the known awareness states.
     *
     * @return the reply: the states
     */
    Optional<Message> handleQueryAwareness();

    /**
     * An auth message: a client has nothing to tell a server with one (y-websocket-server ignores it).
     *
     * @param auth the message
     * @return by default nothing
     */
    default Optional<Message> handleAuth(Message.Auth auth) {
        return Optional.empty();
    }
}
