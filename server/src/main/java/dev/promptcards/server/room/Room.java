package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.ProtocolException;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.AwarenessDecodeException;
import dev.promptcards.presence.AwarenessLimitException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One card being edited: its {@link Doc}, its {@link Awareness}, the connections in it, and the serial
 * executor on which all of them change (one writer per document). What y-websocket-server's
 * {@code WSSharedDoc} with {@code setupWSConnection} and {@code messageListener} does, in Java.
 *
 * <p>Every public method only queues a task on the room's {@link SerialExecutor} and returns at once;
 * it may be called from any thread. Tasks run in the order they were queued, so frames of one
 * connection are handled in the order received.
 *
 * <ul>
 *   <li>{@link #join}: sends SyncStep1 (the card's state vector), then, if there are any, the known
 *       awareness states, each message in its own frame (the y-websocket client reads one message per
 *       frame).</li>
 *   <li>{@link #receive}: decodes every message of the frame first; a malformed frame closes only its
 *       sender with 4400 and changes nothing. Then, in order: SyncStep1 is answered with SyncStep2;
 *       SyncStep2 and Update are applied with the connection as origin, or, from a read-only
 *       connection, not applied and answered with one permission-denied auth message per frame
 *       (none for the empty update {@code [0, 0]}, which changes nothing);
 *       awareness is applied and what changed re-encoded and sent to everyone, the sender becoming
 *       the owner of the clients it added; query-awareness is answered with every known state.</li>
 *   <li>Every update of the document, whoever made it, goes to every connection, the sender too, as
 *       {@code [0, 2, update]}, encoded once.</li>
 *   <li>{@link #leave}: removes the awareness states the connection owned and tells the others.</li>
 *   <li>The card's size is tracked (its encoded state when loaded, plus every update the document
 *       emits); a frame whose updates would take it past {@link Limits#maxCardBytes()} closes its
 *       sender with 4413 and is not applied.</li>
 *   <li>The awareness keeps records of at most {@link Limits#maxAwarenessClients()} clients; an
 *       awareness update that would need more closes its sender with 4413 ("too many awareness
 *       clients", counted as limit {@code awareness_clients}, not as a malformed frame) and none of
 *       it is applied. The frame is refused whole when its own awareness updates name more new
 *       clients than the cap; when only the clients already known take it over, the messages before
 *       that update in the frame have been handled.</li>
 *   <li>Awareness states not renewed for 30 s are removed by a check every 3 s, and clients without
 *       a state for 30 s forgotten.</li>
 * </ul>
 *
 * <p>A task that fails unexpectedly is logged and closes the connection it was for with 1011; the
 * room goes on. Rooms are made and unloaded by {@link RoomRegistry}.
 */
public final class Room {

    /** How often outdated awareness states are looked for: y-protocols awareness.js checks every
     * {@code outdatedTimeout / 10} = 3 s. */
    public static final Duration AWARENESS_CHECK_INTERVAL = Duration.ofSeconds(3);

    /** The reason of the auth message a read-only connection gets when it sends changes. */
    public static final String READ_ONLY_REASON = "read-only: changes are not applied";

    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final Connection[] NO_CONNECTIONS = {};

    private final RoomKey key;
    private final String card;
    private final Limits limits;
    private final ServerMetrics metrics;
    private final SerialExecutor executor;
    private final ScheduledFuture<?> awarenessCheck;
    private final byte[] permissionDenied = Message.encode(Message.permissionDenied(READ_ONLY_REASON));

    // Confined to the executor.
    private final Doc doc;
    private final Awareness awareness;
    private final Runnable unsubscribe;
    /** Each connection and the awareness clients it controls (y-websocket-server {@code doc.conns}). */
    private final Map<Connection, Set<Long>> members = new LinkedHashMap<>();
    private boolean closed;

    // Written on the executor, read anywhere.
    private volatile Connection[] fanout = NO_CONNECTIONS;
    private volatile long cardBytes;
    private volatile int closeCode = CloseCodes.TRY_AGAIN_LATER;
    private volatile String closeReason = "card unloaded";

    /**
     * Creates a room for a loaded card. Called by {@link RoomRegistry}.
     *
     * @param key                    the card
     * @param doc                    its document, as loaded; the room owns it from now on
     * @param limits                 the limits
     * @param metrics                the metrics
     * @param pool                   the pool lending threads to the room's serial executor
     * @param scheduler              runs the periodic awareness check
     * @param nowMillis              the clock of the awareness timeouts
     * @param awarenessCheckInterval how often outdated awareness states are removed
     */
    Room(RoomKey key, Doc doc, Limits limits, ServerMetrics metrics, Executor pool,
            ScheduledExecutorService scheduler, LongSupplier nowMillis, Duration awarenessCheckInterval) {
        this.key = Objects.requireNonNull(key, "key");
        this.card = key.toString();
        this.doc = Objects.requireNonNull(doc, "doc");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.executor = new SerialExecutor(pool, this::taskFailed);
        this.awareness = new Awareness(nowMillis, limits.maxAwarenessClients());
        this.cardBytes = Y.encodeStateAsUpdate(doc).length;
        // y-websocket-server updateHandler: every update to every connection, the sender included
        this.unsubscribe = doc.onUpdate((update, origin, transaction) -> {
            cardBytes += update.length;
            metrics.updateApplied();
            broadcast(Message.encode(Message.update(update)));
        });
        long period = awarenessCheckInterval.toNanos();
        this.awarenessCheck = scheduler.scheduleWithFixedDelay(
                () -> executor.offer(this::removeOutdatedAwareness), period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the card this room holds.
     *
     * @return the key
     */
    public RoomKey key() {
        return key;
    }

    /**
     * Adds a connection: it gets SyncStep1 and the known awareness states. A connection joining a
     * room that was closed meanwhile is closed with the room's close code (1001 on shutdown).
     *
     * @param connection the new connection
     */
    public void join(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        if (!executor.offer(() -> guarded(connection, "join", () -> handleJoin(connection)))) {
            safeClose(connection, closeCode, closeReason);
        }
    }

    /**
     * Handles a binary frame from a connection of this room. Frames of a connection that is not in
     * the room (never joined, left, or closed by the room) are ignored.
     *
     * @param connection the sender
     * @param frame      the frame's bytes; not changed, not kept after the frame is handled
     */
    public void receive(Connection connection, byte[] frame) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(frame, "frame");
        executor.offer(() -> guarded(connection, "frame", () -> handleFrame(connection, frame)));
    }

    /**
     * Removes a connection (when its socket closed): the awareness states it controlled are removed
     * and the others told so. Leaving twice, or after the room closed the connection, does nothing.
     *
     * @param connection the connection that left
     */
    public void leave(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        executor.offer(() -> guarded(connection, "leave", () -> detach(connection)));
    }

    /**
     * Runs {@code work} on the room's executor, with the document to read or change. Changes are
     * sent to every connection like any other update. For whatever else must touch the card (tests,
     * test runs, persistence).
     *
     * @param work what to do; must not keep the document
     * @param <T>  the result type
     * @return completes with the result, or exceptionally if {@code work} threw or the room is closed
     */
    public <T> CompletableFuture<T> withDoc(Function<Doc, T> work) {
        Objects.requireNonNull(work, "work");
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = executor.offer(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("room " + card + " is closed"));
                return;
            }
            try {
                result.complete(work.apply(doc));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) {
            result.completeExceptionally(new RejectedExecutionException("room " + card + " is closed"));
        }
        return result;
    }

    /**
     * Returns the number of connections in the room, as of the last task that ran.
     *
     * @return the connections joined and not left
     */
    public int connectionCount() {
        return fanout.length;
    }

    /**
     * Returns the card's tracked size: its encoded state when loaded plus every update since.
     *
     * @return bytes
     */
    public long cardBytes() {
        return cardBytes;
    }

    /**
     * Closes the room: stops the awareness check, then, after the tasks queued so far, closes every
     * connection still in it with {@code code} and {@code reason} and refuses further tasks. A
     * connection joining later is closed the same way.
     *
     * @param code   the close code for the connections
     * @param reason the close reason
     * @return completes when the room's executor has drained
     */
    CompletableFuture<Void> close(int code, String reason) {
        closeCode = code;
        closeReason = CloseCodes.reason(reason);
        awarenessCheck.cancel(false);
        return executor.shutdown(() -> {
            closed = true;
            Connection[] connections = fanout;
            members.clear();
            fanout = NO_CONNECTIONS;
            unsubscribe.run();
            for (Connection connection : connections) {
                safeClose(connection, closeCode, closeReason);
            }
        });
    }

    /**
     * Tells whether the periodic awareness check still runs.
     *
     * @return false once the room is closed
     */
    boolean awarenessCheckScheduled() {
        return !awarenessCheck.isDone();
    }

    private void handleJoin(Connection connection) {
        if (closed) {
            safeClose(connection, closeCode, closeReason);
            return;
        }
        if (members.containsKey(connection)) {
            return;
        }
        members.put(connection, new HashSet<>());
        fanout = members.keySet().toArray(NO_CONNECTIONS);
        // y-websocket-server setupWSConnection: SyncStep1, then the awareness states if there are any
        send(connection, Message.encode(SyncProtocol.syncStep1(doc)));
        Set<Long> clients = awareness.clientsWithState();
        if (!clients.isEmpty()) {
            send(connection, awarenessFrame(clients));
        }
    }

    private void handleFrame(Connection connection, byte[] frame) {
        if (!members.containsKey(connection)) {
            return;
        }
        if (frame.length > limits.maxFrameBytes()) {
            metrics.limitExceeded("frame_size", connection.id(), card,
                    "frame " + frame.length + " bytes > " + limits.maxFrameBytes());
            closeConnection(connection, CloseCodes.TOO_BIG, "frame too big");
            return;
        }
        boolean readOnly = connection.readOnly();
        List<Message> messages;
        try {
            messages = Message.decodeAll(frame);
            FrameCheck.check(messages, readOnly, limits.maxAwarenessClients());
        } catch (AwarenessLimitException e) {
            tooManyAwarenessClients(connection, e);
            return;
        } catch (ProtocolException | UpdateDecodeException | AwarenessDecodeException | DecodeException e) {
            malformed(connection, e);
            return;
        }
        metrics.messagesIn(messages.size(), frame.length);
        if (!readOnly) {
            long incoming = FrameCheck.updateBytes(messages);
            if (incoming > 0 && cardBytes + incoming > limits.maxCardBytes()) {
                metrics.limitExceeded("card_size", connection.id(), card, "card " + cardBytes + " bytes + update "
                        + incoming + " bytes > " + limits.maxCardBytes());
                closeConnection(connection, CloseCodes.TOO_BIG, "card too big");
                return;
            }
        }
        boolean denied = false;
        try {
            for (Message message : messages) {
                if (!members.containsKey(connection)) {
                    return;
                }
                switch (message) {
                    case Message.Sync sync when sync.message().changesDocument() -> {
                        if (readOnly) {
                            // y-protocols PROTOCOL.md "Handling read-only users"; once per frame is enough.
                            // An empty update changes nothing: the SyncStep2 every fresh client answers our
                            // SyncStep1 with is not worth a warning in a viewer's console.
                            if (!denied && !isEmptyUpdate(sync.message().payload())) {
                                send(connection, permissionDenied);
                                denied = true;
                            }
                        } else {
                            Y.applyUpdate(doc, sync.message().payload(), connection);
                        }
                    }
                    case Message.Sync sync -> send(connection,
                            Message.encode(SyncProtocol.syncStep2(doc,
                                    ((SyncMessage.SyncStep1) sync.message()).stateVector())));
                    case Message.Awareness update -> applyAwareness(connection, update.update());
                    case Message.QueryAwareness query -> send(connection, awarenessFrame(awareness.clientsWithState()));
                    // a client has nothing to tell the server with an auth message (y-websocket-server ignores it)
                    case Message.Auth auth -> { }
                }
            }
        } catch (AwarenessLimitException e) {
            // the clients the room knows already and the new ones of this update are too many together
            tooManyAwarenessClients(connection, e);
        } catch (UpdateDecodeException | AwarenessDecodeException | DecodeException e) {
            // only what the checks above cannot see: an update whose references are wrong for this card
            malformed(connection, e);
        }
    }

    /** An update with no structs and an empty delete set: {@code [0, 0]} (Yjs's empty update). */
    private static boolean isEmptyUpdate(byte[] update) {
        return update.length == 2 && update[0] == 0 && update[1] == 0;
    }

    private void applyAwareness(Connection connection, byte[] update) {
        Awareness.Change change = awareness.applyUpdate(update);
        // y-websocket-server awarenessChangeHandler: the connection controls the clients it added
        Set<Long> owned = members.get(connection);
        owned.addAll(change.added());
        change.removed().forEach(owned::remove);
        if (!change.isEmpty()) {
            broadcast(awarenessFrame(change.changed()));
        }
    }

    private void removeOutdatedAwareness() {
        if (closed) {
            return;
        }
        try {
            Awareness.Change change = awareness.removeOutdated();
            if (!change.isEmpty()) {
                for (Set<Long> owned : members.values()) {
                    change.removed().forEach(owned::remove);
                }
                broadcast(awarenessFrame(change.changed()));
            }
        } catch (RuntimeException e) {
            metrics.internalError();
            LOG.error("card {}: awareness timeout check failed", card, e);
        }
    }

    /** y-websocket-server closeConn: forget the connection, remove the awareness states it controlled. */
    private void detach(Connection connection) {
        Set<Long> owned = members.remove(connection);
        if (owned == null) {
            return;
        }
        fanout = members.keySet().toArray(NO_CONNECTIONS);
        if (!owned.isEmpty()) {
            Awareness.Change change = awareness.removeStates(owned);
            if (!change.isEmpty()) {
                broadcast(awarenessFrame(change.changed()));
            }
        }
    }

    private byte[] awarenessFrame(Collection<Long> clients) {
        return Message.encode(new Message.Awareness(awareness.encodeUpdate(clients)));
    }

    private void malformed(Connection connection, RuntimeException e) {
        metrics.malformedFrame();
        LOG.info("connection {} card {}: malformed frame: {}", connection.id(), card, e.getMessage());
        closeConnection(connection, CloseCodes.BAD_MESSAGE, malformedReason(e));
    }

    /** A well-formed awareness update over the cap: a limit (4413), not a malformed frame (4400). */
    private void tooManyAwarenessClients(Connection connection, AwarenessLimitException e) {
        metrics.limitExceeded("awareness_clients", connection.id(), card, e.getMessage());
        closeConnection(connection, CloseCodes.TOO_BIG, "too many awareness clients");
    }

    /** The close reason for a malformed frame: the envelope's error is safe to send, the others are summed up. */
    static String malformedReason(RuntimeException e) {
        return switch (e) {
            case ProtocolException p -> "malformed message: " + p.getMessage();
            case AwarenessDecodeException a -> "malformed awareness update";
            case DecodeException d -> "malformed message";
            default -> "malformed update";
        };
    }

    private void closeConnection(Connection connection, int code, String reason) {
        detach(connection);
        safeClose(connection, code, reason);
    }

    private void safeClose(Connection connection, int code, String reason) {
        try {
            connection.close(code, CloseCodes.reason(reason));
        } catch (RuntimeException e) {
            LOG.warn("connection {} card {}: close failed", connection.id(), card, e);
        }
    }

    private void send(Connection connection, byte[] frame) {
        try {
            connection.send(frame);
            metrics.messagesOut(1, frame.length);
        } catch (RuntimeException e) {
            sendFailed(connection, e);
        }
    }

    /** Sends the same bytes to every connection. */
    private void broadcast(byte[] frame) {
        Connection[] connections = fanout;
        int sent = 0;
        for (Connection connection : connections) {
            try {
                connection.send(frame);
                sent++;
            } catch (RuntimeException e) {
                sendFailed(connection, e);
            }
        }
        metrics.messagesOut(sent, frame.length);
    }

    /** y-websocket-server send: a connection that cannot be sent to is closed (after this task). */
    private void sendFailed(Connection connection, RuntimeException e) {
        metrics.internalError();
        LOG.error("connection {} card {}: send failed", connection.id(), card, e);
        if (!executor.offer(() -> closeConnection(connection, CloseCodes.INTERNAL_ERROR, "internal error"))) {
            safeClose(connection, CloseCodes.INTERNAL_ERROR, "internal error");
        }
    }

    private void guarded(Connection connection, String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            metrics.internalError();
            LOG.error("connection {} card {}: {} failed", connection.id(), card, what, e);
            try {
                closeConnection(connection, CloseCodes.INTERNAL_ERROR, "internal error");
            } catch (RuntimeException | Error again) {
                LOG.error("connection {} card {}: cleanup after failure failed", connection.id(), card, again);
                safeClose(connection, CloseCodes.INTERNAL_ERROR, "internal error");
            }
        }
    }

    private void taskFailed(Throwable t) {
        metrics.internalError();
        LOG.error("card {}: room task failed", card, t);
    }
}
