package dev.promptcards.crdt.sync;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import java.util.Objects;
import java.util.Optional;

/**
 * What a peer does with sync messages (y-protocols {@code sync.js}), sans I/O: messages in, the reply
 * (if any) out. Static functions with no state and no threads: call them on whatever thread owns the
 * {@link Doc} (e.g. the room's serial executor), and send the returned message yourself.
 *
 * <p>The handshake (y-protocols sync.js, "client-server model"; y-websocket-server
 * {@code setupWSConnection}): on connect the server sends {@link #syncStep1(Doc)}; each side answers a
 * SyncStep1 with SyncStep2 ({@link #handle}); after that, changes travel as Update messages, e.g.
 * {@code Message.encode(Message.update(update))} from a {@code Doc.onUpdate} listener.
 */
public final class SyncProtocol {

    private SyncProtocol() {
    }

    /**
     * The SyncStep1 a peer sends to start syncing, the first message a server sends on connect
     * (y-protocols sync.js {@code writeSyncStep1}: the state vector of {@code doc}).
     *
     * @param doc the local document
     * @return {@code Sync(SyncStep1(Y.encodeStateVector(doc)))}
     */
    public static Message syncStep1(Doc doc) {
        return Message.syncStep1(Y.encodeStateVector(doc));
    }

    /**
     * The SyncStep2 answering a SyncStep1 (y-protocols sync.js {@code writeSyncStep2}): what
     * {@code doc} has that the peer with that state vector lacks.
     *
     * @param doc                the local document
     * @param encodedStateVector the peer's encoded state vector
     * @return {@code Sync(SyncStep2(Y.encodeStateAsUpdate(doc, encodedStateVector)))}
     * @throws UpdateDecodeException if the state vector is malformed
     */
    public static Message syncStep2(Doc doc, byte[] encodedStateVector) {
        return Message.syncStep2(Y.encodeStateAsUpdate(doc, encodedStateVector));
    }

    /**
     * Handles a received sync message (y-protocols sync.js {@code readSyncMessage}).
     *
     * <ul>
     *   <li>SyncStep1: returns the SyncStep2 reply, also for read-only peers (reading is allowed).</li>
     *   <li>SyncStep2 and Update: applies the update to {@code doc} in a transaction with origin
     *       {@code origin} ({@code Y.applyUpdate(doc, update, origin)}) and returns nothing. If
     *       {@code readOnly}, nothing is applied (PROTOCOL.md "Handling read-only users": block
     *       {@code [0, 1, ..]} and {@code [0, 2, ..]}); the caller tells the peer so with an auth
     *       message such as {@link Message#permissionDenied(String)}.</li>
     * </ul>
     *
     * <p>Unlike y-protocols' {@code readSyncStep2}, which logs and swallows errors, a malformed update
     * or state vector throws, and the document is left as it was.
     *
     * @param doc      the local document
     * @param message  the received sync message
     * @param origin   the transaction origin for applied updates (e.g. the connection); may be null
     * @param readOnly whether the sender may not change the document
     * @return the reply to send back to the sender, if any
     * @throws UpdateDecodeException if the update or state vector is malformed
     */
    public static Optional<Message> handle(Doc doc, SyncMessage message, Object origin, boolean readOnly) {
        Objects.requireNonNull(doc, "doc");
        return switch (message) {
            // sync.js readSyncStep1 -> writeSyncStep2(encoder, doc, readVarUint8Array(decoder))
            case SyncMessage.SyncStep1 step1 -> Optional.of(syncStep2(doc, step1.stateVector()));
            // sync.js readSyncStep2 / readUpdate: Y.applyUpdate(doc, update, transactionOrigin)
            case SyncMessage.SyncStep2 step2 -> apply(doc, step2.update(), origin, readOnly);
            case SyncMessage.Update update -> apply(doc, update.update(), origin, readOnly);
        };
    }

    private static Optional<Message> apply(Doc doc, byte[] update, Object origin, boolean readOnly) {
        applyIfAllowed(doc, update, origin, !readOnly);
        return Optional.empty();
    }

    /**
     * The read-only rule (PROTOCOL.md "Handling read-only users"): a peer's update is applied only if
     * it may write. {@link #handle} and {@link Protocol#handleUpdate} both go through it.
     *
     * @param doc      the local document
     * @param update   the update the peer sent
     * @param origin   the transaction origin
     * @param mayWrite whether the peer may change the document
     * @return true if applied, false if refused
     * @throws UpdateDecodeException if the update is malformed (and the peer may write)
     */
    static boolean applyIfAllowed(Doc doc, byte[] update, Object origin, boolean mayWrite) {
        if (!mayWrite) {
            return false;
        }
        Y.applyUpdate(doc, update, origin);
        return true;
    }
}
