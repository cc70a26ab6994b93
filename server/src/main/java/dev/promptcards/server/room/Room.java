package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.Protocol;
import dev.promptcards.crdt.sync.ProtocolException;
import dev.promptcards.crdt.sync.SyncProtocol;
import dev.promptcards.card.schema.CardFields;
import dev.promptcards.persistence.CardQuotaExceededException;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.SpillDirectory;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.AwarenessDecodeException;
import dev.promptcards.presence.AwarenessLimitException;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusListener;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Storage ({@link CardPersistence}):
 * <ul>
 *   <li>A room first loads its card: the executor is suspended while the storage is read on the
 *       blocking executor, so joins and frames wait, in order, and no pool thread does. A card that
 *       exists is installed (its stored state applied to the empty document) before any of them
 *       runs; a stored state over {@link UpdateCheck#OFFLOAD_BYTES} is applied on the heavy-update threads
 *       (the executor still suspended), so that loading a big card does not hold up the network thread. A card that does not exist (or was deleted) is created when the first editor joins
 *       (with the subject of its token as creator; the executor waits again meanwhile); a viewer
 *       joining it is closed with 4404 {@code "no such card"}. A card that cannot be loaded (a
 *       corrupted snapshot or log row, or the storage failing) closes every connection with 1011
 *       {@code "card cannot be loaded"}, the cause logged; nothing is ever written for it.</li>
 *   <li>Every update the document emits is appended to the card's log. It goes to every other
 *       connection at once; the sender's own echo only once the append completed (durable), so its
 *       echo tells the sender that the update is stored ({@link Member}). Nothing else waits for
 *       the storage: what else the sender is sent meanwhile goes out at once. The echoes a
 *       connection has waiting are bounded by {@link Limits#maxOutboundBytes()} (over it: 1013
 *       {@code "storage too slow"}).</li>
 *   <li>An append that fails (the database away, most often) closes nobody: the update stays in the
 *       document, the others have it, and its sender's echo waits, with those of every later update of the
 *       card, until an append of the card's whole state covers them (tried at the next update and at every
 *       awareness check, {@link RoomStorage}). While updates wait, their bytes are bounded by
 *       {@link Limits#maxUnstoredBytes()}: an update past it closes its writer with 1013
 *       {@code "storage unavailable, try again later"} and is not applied (the writer resends it once
 *       reconnected). A room with unstored updates is not unloaded. At close, what still waits is stored
 *       within {@link RoomRegistry#UNLOAD_STORE_TIMEOUT}, else spilled to a file the next start stores
 *       ({@link dev.promptcards.persistence.SpillDirectory}).</li>
 *   <li>After a successful append the log is compacted if it has grown past the storage's
 *       thresholds (the storage runs one compaction per card at a time).</li>
 *   <li>{@link #close} completes only when every append, creation and compaction the room started
 *       has completed, so a new room for the same card reads everything this one wrote.</li>
 * </ul>
 *
 * <p>Protocol:
 * <ul>
 *   <li>{@link #join}: sends SyncStep1 (the card's state vector), then, if there are any, the known
 *       awareness states, each message in its own frame (the y-websocket client reads one message per
 *       frame).</li>
 *   <li>{@link #receive(Connection, List)}: frames a connection sent while its reads were paused by its
 *       message rate, handled together: their updates merged into one and their awareness updates
 *       coalesced ({@link MessageCoalescer}), with the same effect as one by one.</li>
 *   <li>{@link #receive(Connection, byte[])}: decodes every message of the frame first; a malformed frame closes only its
 *       sender with 4400 and changes nothing. Then, in order: SyncStep1 is answered with SyncStep2;
 *       SyncStep2 and Update are applied with {@link Origin.Client} as origin (through crdt's {@link Protocol}), or, from a read-only
 *       connection, not applied and answered with one permission-denied auth message per frame
 *       (none for the empty update {@code [0, 0]}, which changes nothing);
 *       awareness is applied and what changed re-encoded and sent to everyone: only the entries of the
 *       client ids the sender owns (the first to announce an id owns it, a connection at most
 *       {@link PresenceBounds#maxClientsPerConnection()}; others' are dropped, changes counted,
 *       {@link RoomAwareness}); query-awareness is answered with every known state.</li>
 *   <li>Every update of the document, whoever made it, goes to every connection, the sender too
 *       (once stored, see above), as {@code [0, 2, update]}, encoded once.</li>
 *   <li>{@link #leave}: removes the awareness states the connection owned and tells the others; its
 *       client ids are free again, for the first 30 s only to a connection of the same subject.</li>
 *   <li>The card's size is tracked (its encoded state when loaded, plus every update the document
 *       emits, plus what it keeps of updates it cannot apply yet); a frame whose updates would take it past
 *       {@link Limits#maxCardBytes()} closes its sender with 4413 and is not applied.</li>
 *   <li>Updates are bounded by {@link Limits#updates()} ({@link UpdateBounds}), checked before they are
 *       applied: an update naming more client ids than {@code maxUpdateClients}, or taking the card past
 *       {@code maxCardClients}, closes its sender with 4413 ("too many client ids in one update", "... in the
 *       card") and is not applied. What the document keeps of updates it cannot apply yet (their
 *       predecessors missing) is measured after each update; past {@code maxPendingBytes} it is dropped (it
 *       was never integrated nor stored) and the sender closed with 4413 "pending updates too large".</li>
 *   <li>An update with many client ids or bytes ({@link UpdateCheck#heavy()}), and every update of a card
 *       one of whose updates was slow, is applied on the registry's heavy-update threads while the room's
 *       executor waits (suspended, as while the card loads): the network thread serves its other rooms
 *       meanwhile. A closing room starts no heavy update.</li>
 *   <li>The awareness keeps records of at most {@link Limits#maxAwarenessClients()} clients; an
 *       awareness update that would need more closes its sender with 4413 ("too many awareness
 *       clients", counted as limit {@code awareness_clients}, not as a malformed frame) and none of
 *       it is applied. So are, with their own limit names and reasons, an awareness state or a card's
 *       states past {@link PresenceBounds}, a connection announcing too many ids, and a clock raised
 *       too far ({@link Awareness#MAX_CLOCK_STEP}). The frame is refused whole when its own awareness
 *       updates go past a bound ({@link FrameCheck}); when only what the room already holds takes them
 *       past it, the messages before that update in the frame have been handled.</li>
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

    /** The first check that a loaded card lacks nothing the other nodes have comes 2 to 4 s after the room is made. */
    private static final long FIRST_SYNC_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** The reason of the auth message a read-only connection gets when it sends changes. */
    public static final String READ_ONLY_REASON = "read-only: changes are not applied";
    /** The close reason (4404) for a viewer on a card that does not exist. */
    public static final String NO_SUCH_CARD_REASON = "no such card";
    /** The close reason (4404) for the connections of a card soft-deleted while they were on it. */
    public static final String DELETED_REASON = "card deleted";
    /** The close reason (1011) for every connection to a card that cannot be loaded. */
    public static final String CANNOT_LOAD_REASON = "card cannot be loaded";
    /** The close reason (1011) for an editor whose card could not be created. */
    public static final String CANNOT_CREATE_REASON = "card cannot be created";
    /** The close reason (1011) for the sender of an update that could not be stored. */
    public static final String STORAGE_FAILED_REASON = "storage failed";
    /** The close reason (1013) for a writer while the database is away and the card holds too much unstored. */
    public static final String STORAGE_UNAVAILABLE_REASON = "storage unavailable, try again later";
    /** The close reason (1013) for a connection with too many echoes waiting for the storage. */
    public static final String STORAGE_TOO_SLOW_REASON = "storage too slow";
    /**
     * How often at most the card's row is told its title and time of update (the API's listing) while the card
     * is edited: a write per card every 10 s at most, never one per keystroke; the last one at unload.
     */
    static final long TOUCH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** The close reason (1013) for a connection that queued too many bytes on a busy card. */
    public static final String CARD_BUSY_REASON = "card busy, try again later";
    /** The close reason (4413) for the sender of updates that left the card too much it cannot apply yet. */
    public static final String PENDING_TOO_LARGE_REASON = "pending updates too large";

    /** Where a card stands with the storage. */
    enum CardState {
        /** Being read; the room's executor waits. */
        LOADING,
        /** There is no such card (or it was deleted): viewers get 4404, the first editor creates it. */
        MISSING,
        /** Loaded or created: the room serves it. */
        READY,
        /** It cannot be loaded: every connection gets 1011. */
        FAILED
    }

    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    /** What a read-only connection is told when it sends changes (y-protocols auth permission-denied). */
    private static final Message PERMISSION_DENIED = Message.permissionDenied(READ_ONLY_REASON);

    private final CardKey key;
    private final String card;
    private final Limits limits;
    private final ServerMetrics metrics;
    private final CardPersistence persistence;
    private final SerialExecutor executor;
    /** Where heavy updates are applied while the executor waits (see {@link #offload}). */
    private final Executor heavyWork;
    private final Bus bus;
    private final ScheduledFuture<?> awarenessCheck;
    private final ScheduledFuture<?> syncCheck;
    private static final Runnable NOTHING = () -> { };

    // Confined to the executor (but for what the parts document as readable anywhere).
    private final Doc doc;
    private final RoomAwareness awareness;
    private final RoomMembers members;
    private final RoomStorage storage;
    private final RoomReplication replication;
    private final Runnable unsubscribe;
    /** The bus subscription while the card is loaded; null before and after. */
    private Subscription busSubscription;
    private boolean closed;

    // Written on the executor, read anywhere.
    private volatile long cardBytes;
    /** The document's pending bytes after the last update applied ({@link Doc#pendingBytes()}). */
    private volatile long pendingBytes;
    /**
     * True while a heavy update, or a big card's stored state, is applied off the executor, which is suspended
     * meanwhile.
     */
    private volatile boolean offloaded;
    /** The creation of the card by its first editor and what follows it; close() waits for it. */
    private volatile CompletableFuture<?> creation = CompletableFuture.completedFuture(null);
    /** What each connection has queued on the executor, bounded by {@link #maxQueuedBytes}. */
    private final InboundQueue inbound;
    /** Connections closed by {@link #busy}, counted once. */
    private final Set<Connection> busyClosed = ConcurrentHashMap.newKeySet();
    /** Set by {@link #close}: heavy updates still queued are not started. */
    private volatile boolean closing;
    /**
     * Set once an update took longer than {@link UpdateCheck#SLOW_APPLY_NANOS} on the room's thread: what an
     * update costs depends on the card's shape too (many inserts at one position), so from then on every
     * update of this card is applied off the network threads. Confined to the executor (and the heavy task).
     */
    private boolean slowCard;
    private volatile int closeCode = CloseCodes.TRY_AGAIN_LATER;
    private volatile String closeReason = "card unloaded";
    private volatile RoomStorage.UnloadOutcome unloadOutcome;
    /** Updates were stored since the card's row was last told its title and time (confined to the executor). */
    private boolean untouched;
    /** A write of the row is under way (confined to the executor). */
    private boolean touching;
    /** When the row was last written, {@link System#nanoTime()} (confined to the executor). */
    private long touchedNanos;

    /**
     * Creates a room for a card; it serves nobody until {@link #start} has loaded the card. Called
     * by {@link RoomRegistry}.
     *
     * @param key                    the card
     * @param limits                 the limits
     * @param metrics                the metrics
     * @param persistence            the card's storage
     * @param pool                   the pool lending threads to the room's serial executor
     * @param scheduler              runs the periodic awareness check
     * @param nowMillis              the clock of the awareness timeouts
     * @param awarenessCheckInterval how often outdated awareness states are removed
     * @param health                 told whether appends succeed
     * @param spill                  where the card's state goes at unload if the database does not take it,
     *                               or null
     * @param unloadStoreTimeout     how long the unload tries to store what waits before spilling it
     * @param link                   where the card's changes go to and come from the other nodes, and how often
     *                               the card checks it is in step with them
     * @param heavyWork              where updates too costly for the room's thread are applied
     *                               ({@link UpdateCheck#heavy()}), the room's executor waiting meanwhile
     */
    Room(CardKey key, Limits limits, ServerMetrics metrics, CardPersistence persistence, Executor pool,
            ScheduledExecutorService scheduler, LongSupplier nowMillis, Duration awarenessCheckInterval,
            StorageHealth health, SpillDirectory spill, Duration unloadStoreTimeout, BusLink link, Executor heavyWork) {
        this.key = Objects.requireNonNull(key, "key");
        this.card = key.toString();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.persistence = Objects.requireNonNull(persistence, "persistence");
        this.bus = link.bus();
        this.heavyWork = Objects.requireNonNull(heavyWork, "heavyWork");
        this.inbound = new InboundQueue(maxQueuedBytes(limits));
        this.executor = new SerialExecutor(pool, this::taskFailed);
        // nothing runs before the card is loaded (start)
        this.executor.suspend();
        // gc on, as y-websocket-server's default
        this.doc = new Doc();
        this.awareness = new RoomAwareness(nowMillis, limits.maxAwarenessClients(), limits.presence());
        this.members = new RoomMembers(card, limits, metrics, executor, this::closeConnection);
        this.storage = new RoomStorage(card, metrics, persistence, executor, doc, () -> closed, health, spill,
                unloadStoreTimeout);
        this.cardBytes = Y.encodeStateAsUpdate(doc).length;
        this.replication = new RoomReplication(key, bus, doc, metrics.replication(), System::nanoTime,
                link.maxHealBytes());
        this.unsubscribe = doc.onUpdate((update, origin, transaction) -> updated(update, originOf(origin)));
        long period = awarenessCheckInterval.toNanos();
        this.awarenessCheck = scheduler.scheduleWithFixedDelay(
                () -> executor.offer(this::removeOutdatedAwareness), period, period, TimeUnit.NANOSECONDS);
        long sync = link.syncCheckInterval().toNanos();
        // the first check soon after the load: the load's own request may go out before the bus has subscribed
        // (Redis confirms a SUBSCRIBE asynchronously), and its answers would be lost; later ones spread over the
        // interval, so that the cards of a node do not all ask at once
        long firstSync = Math.min(sync,
                FIRST_SYNC_CHECK_NANOS + ThreadLocalRandom.current().nextLong(FIRST_SYNC_CHECK_NANOS));
        this.syncCheck = scheduler.scheduleWithFixedDelay(
                () -> executor.offer(this::checkInStep), firstSync, sync, TimeUnit.NANOSECONDS);
    }

    /**
     * Loads the card (on the storage's blocking executor, after {@code after}), then lets the tasks
     * queued meanwhile run. Called once by {@link RoomRegistry}.
     *
     * @param after what must be done before the card is read: the close of the previous room of the
     *              same card (its appends)
     */
    void start(CompletableFuture<?> after) {
        persistence.load(after).whenComplete((loaded, failure) -> {
            if (failure == null && loaded.ref() != null && loaded.state().update().length > UpdateCheck.OFFLOAD_BYTES
                    && loadedOffThread(loaded)) {
                return;
            }
            executor.resume(() -> loaded(loaded, failure));
        });
    }

    /**
     * Applies a big card's stored state on {@link #heavyWork}, the executor still suspended since the room was
     * made (as for a heavy update: applying a state of megabytes takes the network thread for a long while),
     * then resumes it with the rest of the installation.
     *
     * @return false, nothing done, when the room is closing or the heavy threads are stopped
     */
    private boolean loadedOffThread(CardPersistence.Loaded loaded) {
        // as in offload: close() either sees this and leaves the executor to the heavy task, or is seen here
        offloaded = true;
        if (closing) {
            offloaded = false;
            return false;
        }
        try {
            heavyWork.execute(() -> {
                Throwable failed = null;
                metrics.heavyWorkStarted();
                try {
                    Y.applyUpdate(doc, loaded.state().update(), Origin.LOADED);
                } catch (RuntimeException | Error e) {
                    failed = e;
                } finally {
                    metrics.heavyWorkEnded();
                }
                Throwable applyFailure = failed;
                executor.resume(() -> installLoaded(loaded, applyFailure));
                offloaded = false;
            });
        } catch (RejectedExecutionException stopped) {
            offloaded = false;
            return false;
        }
        metrics.heavyUpdateOffloaded();
        return true;
    }

    /**
     * Returns the card this room holds.
     *
     * @return the key
     */
    public CardKey key() {
        return key;
    }

    /**
     * Tells where the card stands with the storage, as of the last task that ran.
     *
     * @return loading, missing, ready or failed
     */
    CardState state() {
        return storage.state();
    }

    /**
     * Adds a connection: it gets SyncStep1 and the known awareness states. A connection joining a
     * room that was closed meanwhile is closed with the room's close code (1001 on shutdown). The
     * first editor of a card that does not exist creates it; a viewer of such a card is closed with
     * 4404, and every connection to a card that cannot be loaded with 1011.
     *
     * @param connection the new connection
     */
    public void join(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        if (!executor.offer(() -> guarded(connection, "join", () -> handleJoin(connection)))) {
            members.safeClose(connection, closeCode, closeReason);
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
        AtomicLong queued = inbound.admit(connection, frame.length);
        if (queued == null) {
            busy(connection);
            return;
        }
        executor.offer(() -> {
            queued.addAndGet(-frame.length);
            guarded(connection, "frame", () -> handleFrame(connection, frame, NOTHING));
        });
    }

    /**
     * Handles frames a connection sent while its reads were held back by its message rate, in one task:
     * their updates are merged and their awareness states coalesced, with the same effect as handling
     * them one by one (see {@link #receive(Connection, byte[])} for each frame's rules).
     *
     * @param connection the sender
     * @param frames     the frames' bytes, in the order received; not changed, not kept
     */
    public void receive(Connection connection, List<byte[]> frames) {
        Objects.requireNonNull(connection, "connection");
        List<byte[]> copy = List.copyOf(frames);
        long bytes = copy.stream().mapToLong(frame -> frame.length).sum();
        AtomicLong queued = inbound.admit(connection, bytes);
        if (queued == null) {
            busy(connection);
            return;
        }
        executor.offer(() -> {
            queued.addAndGet(-bytes);
            guarded(connection, "frames", () -> handleFrames(connection, copy));
        });
    }

    /**
     * A connection with too many bytes queued on this room (which is busy: a heavy update, a card loading):
     * closed with 1013 at once, from the caller's thread; its leave then removes it from the room.
     */
    private void busy(Connection connection) {
        if (busyClosed.add(connection)) {
            metrics.limitExceeded(LimitNames.QUEUED_BYTES, connection.id(), card, "more than "
                    + maxQueuedBytes(limits) + " bytes of frames waiting for the card");
            members.safeClose(connection, CloseCodes.TRY_AGAIN_LATER, CARD_BUSY_REASON);
        }
    }

    /** The most bytes of frames one connection may have waiting for its room: four of the largest frames. */
    static long maxQueuedBytes(Limits limits) {
        return 4L * limits.maxFrameBytes();
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
     * Lets a connection of this room write, or only read, from its next frame on (its workspace's members
     * changed: {@code members/Memberships}). Queued on the room's executor like its frames, so a frame is
     * handled whole under one role; a frame received after this call is handled under the new one. A read-only
     * connection's updates are refused with the permission-denied auth message, as a viewer's. A connection
     * not in the room is ignored.
     *
     * @param connection the connection
     * @param readOnly   whether it may only read
     */
    public void setReadOnly(Connection connection, boolean readOnly) {
        Objects.requireNonNull(connection, "connection");
        executor.offer(() -> guarded(connection, "role", () -> {
            Member member = members.get(connection);
            if (member != null && member.readOnly() != readOnly) {
                member.readOnly(readOnly);
                LOG.info("connection {} card {}: {} from now on", connection.id(), card,
                        readOnly ? "read-only" : "may write");
            }
        }));
    }

    /** Whether a connection may only read: as the room last set it, or its token says before it joined. */
    private boolean readOnly(Connection connection) {
        Member member = members.get(connection);
        return member == null ? connection.readOnly() : member.readOnly();
    }

    /**
     * Runs {@code work} on the room's executor, with the document to read or change, once the card
     * is loaded, as {@link Author#SERVER}. For tests and whatever else reads the card on the server.
     *
     * @param work what to do; must not keep the document
     * @param <T>  the result type
     * @return as {@link #edit(Author, Function)}
     */
    public <T> CompletableFuture<T> withDoc(Function<Doc, T> work) {
        return edit(Author.SERVER, work);
    }

    /**
     * Runs a server-side edit on the room's executor once the card is loaded, in one transaction whose
     * origin is the author ({@link Origin.Actor}): what it changes is stored, sent to every connection and
     * published like a client's update.
     *
     * @param author who makes the change
     * @param work   what to do with the document; must not keep it
     * @param <T>    the result type
     * @return completes with the result, or exceptionally if {@code work} threw (what it changed before
     *         stays changed), the room is closed, the card does not exist ({@link NoSuchCardException}) or
     *         cannot be loaded
     */
    public <T> CompletableFuture<T> edit(Author author, Function<Doc, T> work) {
        Objects.requireNonNull(work, "work");
        Origin origin = new Origin.Actor(author);
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean queued = executor.offer(() -> {
            if (closed) {
                result.completeExceptionally(new IllegalStateException("room " + card + " is closed"));
                return;
            }
            CardState state = storage.state();
            if (state != CardState.READY) {
                result.completeExceptionally(state == CardState.MISSING
                        ? new NoSuchCardException(key) : new IllegalStateException("card " + card + " cannot be loaded"));
                return;
            }
            try {
                List<T> value = new ArrayList<>(1);
                doc.transact(transaction -> value.add(work.apply(doc)), origin);
                result.complete(value.get(0));
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
     * The card was soft-deleted (here or, told by the bus, on another node): its connections are closed with
     * 4404 {@value #DELETED_REASON} at once, and from then on the room serves it no more, as a card that does not
     * exist (joins are refused with 4404, server-side edits fail). Restored, the card is served again: a
     * creation finds it.
     */
    public void deleted() {
        executor.offer(() -> cardDeleted("deleted on this node"));
    }

    /**
     * The card was restored after {@link #deleted()}: the room serves it again, with the document it held (no
     * update reached it meanwhile). A room that never had the card loaded changes nothing: it is unloaded once
     * nobody holds it, and the next one loads the card.
     */
    public void restored() {
        executor.offer(() -> {
            if (!closed && storage.state() == CardState.MISSING && storage.ref() != null) {
                storage.ready(storage.ref());
                LOG.info("card {} restored: served again", card);
            }
        });
    }

    /**
     * Returns the number of connections in the room, as of the last task that ran.
     *
     * @return the connections joined and not left
     */
    public int connectionCount() {
        return members.count();
    }

    /**
     * Returns the card's tracked size: its encoded state when loaded plus every update since, plus the
     * updates it keeps that cannot be applied yet (all of which a joiner's first sync carries).
     *
     * @return bytes
     */
    public long cardBytes() {
        return cardBytes + pendingBytes;
    }

    /**
     * Closes the room: stops the awareness check, then, after the tasks queued so far, closes every
     * connection still in it with {@code code} and {@code reason} and refuses further tasks. A
     * connection joining later is closed the same way. A room still loading its card stops waiting
     * for it: the tasks queued meanwhile run at once, against a closed room.
     *
     * @param code   the close code for the connections
     * @param reason the close reason
     * @return completes (never exceptionally) when the room's executor has drained and every storage
     *         call the room started has completed, a last whole-state append after a failed one
     *         included
     */
    CompletableFuture<Void> close(int code, String reason) {
        closing = true;
        closeCode = code;
        closeReason = CloseCodes.reason(reason);
        awarenessCheck.cancel(false);
        syncCheck.cancel(false);
        // still loading, or creating the card: what was queued meanwhile runs now, against a closed room;
        // a heavy update being applied resumes the executor itself once done (nothing else may touch the Doc)
        if (!offloaded) {
            executor.resume(() -> closed = true);
        }
        return executor.shutdown(() -> {
            touchIfDue(true);
            closed = true;
            Member[] closing = members.clear();
            unsubscribe.run();
            unsubscribeFromBus();
            for (Member member : closing) {
                member.drop();
                members.safeClose(member.connection(), closeCode, closeReason);
            }
        }).handle((drained, failure) -> {
            if (failure != null) {
                LOG.error("card {}: closing the room failed", card, failure);
            }
            return null;
        }).thenCompose(drained -> persistence.settled())
                // the creating editor is closed by the creation's own callback, which may run after settled()
                .thenCompose(settled -> creation.handle((created, failure) -> null))
                .thenCompose(created -> storage.storeWholeStateAtUnload())
                .thenCompose(outcome -> {
                    unloadOutcome = outcome;
                    return persistence.settled();
                });
    }

    /**
     * Tells what became of the room's changes at its close.
     *
     * @return null until {@link #close} completed
     */
    RoomStorage.UnloadOutcome unloadOutcome() {
        return unloadOutcome;
    }

    /**
     * Tells whether updates of the card wait for the database (a room with some is not unloaded).
     *
     * @return true while an update is not known to be stored
     */
    boolean hasUnstoredChanges() {
        return storage.hasUnstored();
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
            members.safeClose(connection, closeCode, closeReason);
            return;
        }
        if (members.contains(connection)) {
            return;
        }
        switch (storage.state()) {
            case READY -> { }
            case MISSING -> {
                if (connection.readOnly()) {
                    LOG.info("connection {} card {}: no such card (viewer)", connection.id(), card);
                    members.safeClose(connection, CloseCodes.NO_SUCH_CARD, NO_SUCH_CARD_REASON);
                } else {
                    create(connection);
                }
                return;
            }
            case FAILED, LOADING -> {
                members.safeClose(connection, CloseCodes.INTERNAL_ERROR, CANNOT_LOAD_REASON);
                return;
            }
        }
        members.add(connection);
        // y-websocket-server setupWSConnection: SyncStep1, then the awareness states if there are any
        members.send(connection, Message.encode(SyncProtocol.syncStep1(doc)));
        byte[] states = awareness.joinFrame();
        if (states != null) {
            members.send(connection, states);
        }
    }

    /**
     * Handles one frame, then {@code andThen}: after the frame's messages, also when they are applied off the
     * executor ({@link #offload}), so that nothing of this task runs beside them.
     */
    private void handleFrame(Connection connection, byte[] frame, Runnable andThen) {
        if (!members.contains(connection)) {
            return;
        }
        List<Message> messages = decodeFrame(connection, frame);
        if (messages != null) {
            metrics.messagesIn(messages.size(), frame.length);
            handleMessages(connection, messages, andThen);
        }
    }

    /** Handles {@code frames} from {@code index} on, one by one, each after the one before. */
    private void handleEach(Connection connection, List<byte[]> frames, int index) {
        if (index < frames.size()) {
            handleFrame(connection, frames.get(index), () -> handleEach(connection, frames, index + 1));
        }
    }

    /**
     * Frames a connection sent while held back by its rate: those before the first one that cannot be
     * decoded are coalesced ({@link MessageCoalescer}) and handled together, then that one alone (which
     * closes the connection with its precise reason). Should coalescing find a malformed update, every
     * frame is handled alone, in order, so that the same reason reaches the sender.
     */
    private void handleFrames(Connection connection, List<byte[]> frames) {
        if (!members.contains(connection)) {
            return;
        }
        boolean readOnly = readOnly(connection);
        List<Message> messages = new ArrayList<>();
        long bytes = 0;
        int decoded = 0;
        for (byte[] frame : frames) {
            List<Message> frameMessages = decodeQuietly(frame, readOnly);
            if (frameMessages == null) {
                break;
            }
            messages.addAll(frameMessages);
            bytes += frame.length;
            decoded++;
        }
        List<Message> coalesced;
        try {
            coalesced = MessageCoalescer.coalesce(messages, !readOnly);
        } catch (UpdateDecodeException | AwarenessDecodeException | DecodeException e) {
            handleEach(connection, frames, 0);
            return;
        }
        metrics.messagesIn(messages.size(), bytes);
        int handled = decoded;
        handleMessages(connection, coalesced, () -> {
            if (handled < frames.size()) {
                handleFrame(connection, frames.get(handled), NOTHING);
            }
        });
    }

    /** The frame's messages if it is within the frame size and well formed, else null; changes nothing. */
    private List<Message> decodeQuietly(byte[] frame, boolean readOnly) {
        if (frame.length > limits.maxFrameBytes()) {
            return null;
        }
        try {
            List<Message> messages = Message.decodeAll(frame);
            FrameCheck.check(messages, readOnly, limits.maxAwarenessClients(), limits.presence());
            return messages;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The frame's messages, or null after closing the connection for a frame too big or malformed. */
    private List<Message> decodeFrame(Connection connection, byte[] frame) {
        if (frame.length > limits.maxFrameBytes()) {
            metrics.limitExceeded(LimitNames.FRAME_SIZE, connection.id(), card,
                    "frame " + frame.length + " bytes > " + limits.maxFrameBytes());
            closeConnection(connection, CloseCodes.TOO_BIG, frameTooBigReason(limits.maxFrameBytes()));
            return null;
        }
        try {
            List<Message> messages = Message.decodeAll(frame);
            boolean readOnly = readOnly(connection);
            FrameCheck.check(messages, readOnly, limits.maxAwarenessClients(), limits.presence());
            // the updates of a frame of several are applied as one: one that only this card refuses (an
            // origin or a parent wrong here, which the check cannot see) then leaves none of the others applied
            return MessageCoalescer.coalesce(messages, !readOnly);
        } catch (AwarenessLimitException e) {
            awarenessLimit(connection, e);
        } catch (ProtocolException | UpdateDecodeException | AwarenessDecodeException | DecodeException e) {
            malformed(connection, e);
        }
        return null;
    }

    /**
     * Handles decoded messages in order: the card size and the update bounds first, then each message, on
     * the executor or, for a heavy update, {@linkplain #offload off it}.
     */
    private void handleMessages(Connection connection, List<Message> messages, Runnable andThen) {
        boolean readOnly = readOnly(connection);
        UpdateCheck updates = null;
        if (!readOnly) {
            long incoming = FrameCheck.updateBytes(messages);
            long held = cardBytes + pendingBytes;
            if (incoming > 0 && held + incoming > limits.maxCardBytes()) {
                metrics.limitExceeded(LimitNames.CARD_SIZE, connection.id(), card, "card " + held + " bytes + update "
                        + incoming + " bytes > " + limits.maxCardBytes());
                closeConnection(connection, CloseCodes.TOO_BIG, cardTooBigReason(limits.maxCardBytes()));
                return;
            }
            if (incoming > 0 && storage.hasUnstored() && storage.unstoredBytes() + incoming > limits.maxUnstoredBytes()) {
                metrics.limitExceeded(LimitNames.STORAGE_BACKLOG, connection.id(), card, "unstored " + storage.unstoredBytes()
                        + " bytes + update " + incoming + " bytes > " + limits.maxUnstoredBytes());
                closeConnection(connection, CloseCodes.TRY_AGAIN_LATER, STORAGE_UNAVAILABLE_REASON);
                return;
            }
            if (incoming > 0) {
                updates = UpdateCheck.sized(messages, doc, limits.updates());
                // a big update's client ids are read on the heavy-update thread (reading is linear in its size)
                if (!updates.big() && !admitted(connection, updates)) {
                    return;
                }
            }
        }
        if (updates != null && (updates.big() || updates.heavy() || slowCard)) {
            if (closing) {
                // the shutdown must not wait for it: its sender is closed with the room's code and resends it
                // once reconnected (a stock client syncs its state on every connection)
                LOG.info("connection {} card {}: a heavy update not applied, the room is closing", connection.id(), card);
                return;
            }
            offload(connection, messages, andThen, updates);
        } else {
            applyMessages(connection, messages);
            andThen.run();
        }
    }

    /**
     * Applies heavy updates on {@link #heavyWork} so that the room's network thread serves its other rooms
     * meanwhile: the executor is suspended (as while the card loads), so nothing else touches the room until
     * the messages are handled, then resumed. Closing the room meanwhile waits for it (see {@link #close}).
     */
    private void offload(Connection connection, List<Message> messages, Runnable andThen, UpdateCheck updates) {
        // set before suspending: close() must not resume the executor under the heavy task
        offloaded = true;
        executor.suspend();
        metrics.heavyUpdateOffloaded();
        try {
            heavyWork.execute(() -> {
                metrics.heavyWorkStarted();
                try {
                    guarded(connection, "heavy update", () -> {
                        if (admitted(connection, updates)) {
                            applyMessages(connection, messages);
                            andThen.run();
                        }
                    });
                } finally {
                    metrics.heavyWorkEnded();
                    // resume first: a close() that saw offloaded must find the executor running after this
                    executor.resume(() -> { });
                    offloaded = false;
                }
            });
        } catch (RejectedExecutionException closing) {
            // the registry is closing: applied here, as before it had a pool
            executor.resume(() -> { });
            offloaded = false;
            if (admitted(connection, updates)) {
                applyMessages(connection, messages);
                andThen.run();
            }
        }
    }

    /**
     * Reads the client ids of the updates (unless done already) and checks them against the bounds: a
     * refusal closes the sender with 4413, a malformed update with 4400.
     *
     * @return true if the updates may be applied
     */
    private boolean admitted(Connection connection, UpdateCheck updates) {
        UpdateCheck.Refusal refusal;
        try {
            refusal = updates.refusal(doc, limits.updates());
        } catch (UpdateDecodeException e) {
            malformed(connection, e);
            return false;
        }
        if (refusal != null) {
            metrics.limitExceeded(refusal.limit(), connection.id(), card, refusal.detail());
            closeConnection(connection, CloseCodes.TOO_BIG, refusal.reason());
            return false;
        }
        return true;
    }

    /** Handles each message in order through the {@link ClientProtocol}; then bounds the pending data. */
    private void applyMessages(Connection connection, List<Message> messages) {
        long started = System.nanoTime();
        try {
            applyEach(connection, messages);
        } finally {
            if (!slowCard && System.nanoTime() - started > UpdateCheck.SLOW_APPLY_NANOS) {
                slowCard = true;
                LOG.info("card {}: an update took {} ms; its updates are applied off the network threads from now on",
                        card, (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    private void applyEach(Connection connection, List<Message> messages) {
        ClientProtocol protocol = new ClientProtocol(connection);
        try {
            for (Message message : messages) {
                if (!members.contains(connection)) {
                    return;
                }
                protocol.handle(message).ifPresent(reply -> members.send(connection, Message.encode(reply)));
                if (message instanceof Message.Sync sync && sync.message().changesDocument() && pendingTooLarge()) {
                    metrics.limitExceeded(LimitNames.PENDING_BYTES, connection.id(), card, "updates that cannot be"
                            + " applied yet dropped: over " + limits.updates().maxPendingBytes() + " bytes");
                    closeConnection(connection, CloseCodes.TOO_BIG, PENDING_TOO_LARGE_REASON);
                    return;
                }
            }
        } catch (AwarenessLimitException e) {
            // the clients the room knows already and the new ones of this update are too many together
            awarenessLimit(connection, e);
        } catch (UpdateDecodeException | AwarenessDecodeException | DecodeException e) {
            // only what the checks above cannot see: an update whose references are wrong for this card
            malformed(connection, e);
        }
    }

    /**
     * The messages of one frame from one connection: the crdt module's {@link Protocol} with the room's
     * awareness and the denial a read-only connection gets.
     */
    private final class ClientProtocol implements Protocol {
        private final Connection connection;
        private final Origin origin;
        private boolean denied;

        ClientProtocol(Connection connection) {
            this.connection = connection;
            this.origin = new Origin.Client(connection);
        }

        @Override
        public Doc doc() {
            return doc;
        }

        @Override
        public boolean mayWrite() {
            return !readOnly(connection);
        }

        @Override
        public Object origin() {
            return origin;
        }

        /**
         * y-protocols PROTOCOL.md "Handling read-only users"; once per frame is enough. An empty update
         * changes nothing: the SyncStep2 every fresh client answers our SyncStep1 with is not worth a
         * warning in a viewer's console.
         */
        @Override
        public Optional<Message> denied(byte[] update) {
            if (denied || FrameCheck.isEmptyUpdate(update)) {
                return Optional.empty();
            }
            denied = true;
            return Optional.of(PERMISSION_DENIED);
        }

        @Override
        public Optional<Message> handleAwareness(byte[] update) {
            applyAwareness(connection, update);
            return Optional.empty();
        }

        @Override
        public Optional<Message> handleQueryAwareness() {
            return Optional.of(awareness.queryMessage());
        }
    }

    /**
     * Measures what the document keeps of updates it cannot apply yet; past {@link UpdateBounds#maxPendingBytes()}
     * it is dropped (never integrated nor stored: nothing else is lost; the missing updates bring it back).
     *
     * @return true if it was dropped
     */
    private boolean pendingTooLarge() {
        long pending = doc.pendingBytes();
        if (pending <= limits.updates().maxPendingBytes()) {
            pendingBytes = pending;
            return false;
        }
        doc.dropPending();
        pendingBytes = 0;
        LOG.info("card {}: {} bytes of updates that cannot be applied yet dropped", card, pending);
        return true;
    }

    private void applyAwareness(Connection connection, byte[] update) {
        // the connection changes only the client ids it owns (RoomAwareness); what was dropped is not relayed
        RoomAwareness.Applied applied = awareness.apply(members.get(connection), update);
        if (applied.dropped() > 0) {
            metrics.awarenessForeignUpdates(applied.dropped());
            LOG.debug("connection {} card {}: {} awareness changes to client ids it does not own dropped",
                    connection.id(), card, applied.dropped());
        }
        awarenessChanged(new Origin.Client(connection), applied.update(), applied.frame());
    }

    /** Sends and publishes an awareness change as its origin's handling says. */
    private void awarenessChanged(Origin origin, byte[] update, byte[] changed) {
        if (changed == null) {
            return;
        }
        Origin.Handling handling = origin.handling();
        if (handling.broadcast()) {
            members.broadcast(changed);
        }
        if (handling.publish()) {
            bus.publish(key, BusMessage.Kind.AWARENESS, update);
        }
    }

    private void removeOutdatedAwareness() {
        if (closed) {
            return;
        }
        storage.storeWholeStateIfUnstored();
        touchIfDue(false);
        try {
            byte[] changed = awareness.removeOutdated();
            if (changed != null) {
                members.broadcast(changed);
            }
        } catch (RuntimeException e) {
            metrics.internalError();
            LOG.error("card {}: awareness timeout check failed", card, e);
        }
    }

    /**
     * Tells the card's row its title and that it was updated now, for the API's listing, when updates were
     * stored since the last time and that was {@link #TOUCH_INTERVAL_NANOS} ago (at unload: whenever updates
     * were stored). The row of a deleted card is not written: finding it so closes the room's connections
     * (the bus's message of the deletion may have been lost).
     */
    private void touchIfDue(boolean atUnload) {
        CardRef ref = storage.ref();
        if (!untouched || ref == null || storage.state() != CardState.READY || (touching && !atUnload)) {
            return;
        }
        long now = System.nanoTime();
        if (!atUnload && touchedNanos != 0 && now - touchedNanos < TOUCH_INTERVAL_NANOS) {
            return;
        }
        untouched = false;
        touching = true;
        touchedNanos = now;
        String title = doc.getText(CardFields.TITLE).toString();
        persistence.touch(ref, title).whenComplete((live, failure) -> executor.offer(() -> {
            touching = false;
            if (failure != null) {
                untouched = true;
                LOG.warn("card {}: its title and time of update could not be recorded (tried again later): {}",
                        card, RoomStorage.unwrap(failure).toString());
            } else if (!live) {
                cardDeleted("its row says so");
            }
        }));
    }

    /** The card was soft-deleted: its connections closed with 4404, the card served no more. */
    private void cardDeleted(String how) {
        if (closed || storage.state() != CardState.READY) {
            return;
        }
        storage.missing();
        untouched = false;
        LOG.info("card {} deleted ({}): its {} connections closed with 4404", card, how, members.count());
        for (Member member : List.copyOf(members.all())) {
            closeConnection(member.connection(), CloseCodes.NO_SUCH_CARD, DELETED_REASON);
        }
    }

    /** y-websocket-server closeConn: forget the connection, remove the awareness states it controlled. */
    private void detach(Connection connection) {
        inbound.forget(connection);
        busyClosed.remove(connection);
        Member member = members.remove(connection);
        if (member == null) {
            return;
        }
        // the other nodes remove the states too, not only after their 30 s timeout
        Message.Awareness removal = awareness.removeOwnedBy(member);
        if (removal != null) {
            awarenessChanged(new Origin.Client(connection), removal.update(), Message.encode(removal));
        }
    }

    /** Installs what loading found: runs first when the executor resumes after the load. */
    private void loaded(CardPersistence.Loaded loaded, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            storage.cannotLoad(RoomStorage.unwrap(failure));
            return;
        }
        if (loaded.ref() == null) {
            storage.missing();
            LOG.debug("card {} does not exist", card);
            return;
        }
        try {
            Y.applyUpdate(doc, loaded.state().update(), Origin.LOADED);
        } catch (RuntimeException e) {
            storage.cannotLoad(e);
            return;
        }
        installLoaded(loaded, null);
    }

    /**
     * The rest of {@link #loaded} once the stored state is applied (or failed to apply: {@code applyFailure}),
     * on the executor.
     */
    private void installLoaded(CardPersistence.Loaded loaded, Throwable applyFailure) {
        if (closed) {
            return;
        }
        if (applyFailure != null) {
            storage.cannotLoad(applyFailure);
            return;
        }
        // a whole state stored after an outage may hold pending data: counted as such, not twice
        pendingBytes = doc.pendingBytes();
        cardBytes = Math.max(0, Y.encodeStateAsUpdate(doc).length - pendingBytes);
        storage.ready(loaded.ref());
        subscribeToBus();
        LOG.debug("card {} loaded: {} bytes, {} log rows after the snapshot", card, cardBytes,
                loaded.state().logRows());
    }

    /** The first editor of a card that does not exist: create it, the executor waiting meanwhile. */
    private void create(Connection connection) {
        String subject = connection.subject();
        executor.suspend();
        creation = persistence.create(subject).whenComplete((created, failure) -> {
            boolean resumed = executor.resume(() -> guarded(connection, "join",
                    () -> created(connection, created, failure)));
            if (!resumed) {
                // the room closed meanwhile
                members.safeClose(connection, closeCode, closeReason);
            }
        });
    }

    private void created(Connection connection, CardRef created, Throwable failure) {
        if (closed) {
            members.safeClose(connection, closeCode, closeReason);
            return;
        }
        if (failure != null) {
            Throwable cause = RoomStorage.unwrap(failure);
            if (cause instanceof CardStore.CardDeletedException) {
                // deleted cards are not made again under their name: gone, as for a viewer
                LOG.info("connection {} card {}: the card was deleted", connection.id(), card);
                members.safeClose(connection, CloseCodes.NO_SUCH_CARD, NO_SUCH_CARD_REASON);
                return;
            }
            if (cause instanceof CardQuotaExceededException quota) {
                LOG.info("connection {} card {}: not created, the workspace has reached its quota of {} cards",
                        connection.id(), card, quota.maxCards());
                members.safeClose(connection, CloseCodes.FORBIDDEN, quotaReason(quota.maxCards()));
                return;
            }
            metrics.storageFailed("create");
            LOG.error("connection {} card {}: the card cannot be created", connection.id(), card, cause);
            members.safeClose(connection, CloseCodes.INTERNAL_ERROR, CANNOT_CREATE_REASON);
            return;
        }
        storage.ready(created);
        subscribeToBus();
        LOG.info("card {} created by {} (connection {})", card, connection.subject(), connection.id());
        handleJoin(connection);
    }

    /**
     * The close reason (4413) for a frame over {@code --max-frame-bytes}: it names the limit, which the editor
     * shows (web-client session/close-reasons.ts reads "max N bytes").
     */
    static String frameTooBigReason(int maxFrameBytes) {
        return "frame too big (max " + maxFrameBytes + " bytes)";
    }

    /** The close reason (4413) for an update that would grow the card past {@code --max-card-bytes}. */
    static String cardTooBigReason(long maxCardBytes) {
        return "card too big (max " + maxCardBytes + " bytes)";
    }

    /** The close reason (4403) for the editor whose new card would pass its workspace's quota of cards. */
    static String quotaReason(int maxCards) {
        return "workspace has reached its quota of " + maxCards + " cards";
    }

    /**
     * The document's update listener: what becomes of an update is its origin's {@link Origin#handling()}.
     * A client's goes to the others now and to its sender once stored (y-websocket-server's updateHandler
     * sends it to every connection at once); a server-side writer's to everyone now; one from another node
     * only to this node's connections.
     */
    private void updated(byte[] update, Origin origin) {
        cardBytes += update.length;
        Origin.Handling handling = origin.handling();
        if (!handling.store() && !handling.broadcast()) {
            return;
        }
        metrics.updateApplied();
        byte[] frame = Message.encode(Message.update(update));
        CompletableFuture<Void> stored = handling.store() ? storage.store(update) : null;
        untouched |= handling.store();
        if (handling.publish()) {
            // at once, as to this node's other connections: should this node die before storing it, the nodes
            // that received it store their whole card (busNodeGone)
            bus.publish(key, BusMessage.Kind.UPDATE, update);
        }
        if (origin instanceof Origin.Healed) {
            metrics.replication().healed(update.length);
        }
        Member sender = handling.echo() && origin instanceof Origin.Client client ? members.get(client.connection()) : null;
        if (handling.broadcast()) {
            members.broadcastExcept(frame, sender);
        }
        if (sender != null) {
            Member.Echo echo = members.holdEcho(sender, frame);
            // completes on this executor (RoomStorage.store)
            stored.whenComplete((ok, failure) -> echoed(sender, echo, failure));
        }
    }

    /** The origin of a transaction on the document; every change the room makes names one. */
    private Origin originOf(Object origin) {
        if (origin instanceof Origin typed) {
            return typed;
        }
        // a change made outside Room.edit (a type changed without a transaction): the server's own
        LOG.warn("card {}: a change without a typed origin ({}), handled as the server's", card, origin);
        return new Origin.Actor(Author.SERVER);
    }

    /** Subscribes to the card's messages from other nodes, once the card is loaded or created. */
    private void subscribeToBus() {
        if (busSubscription == null) {
            busSubscription = bus.subscribe(key, new BusListener() {
                @Override
                public void received(BusMessage message) {
                    executor.offer(() -> receivedFromBus(message));
                }

                @Override
                public void resumed() {
                    executor.offer(Room.this::busResumed);
                }

                @Override
                public void nodeGone(String node) {
                    executor.offer(() -> busNodeGone(node));
                }
            });
            // what the others changed and have not stored yet is not in what was loaded
            replication.askEveryone(RoomReplication.Reason.LOADED);
        }
    }

    /** The bus is back after an outage: ask the others what was lost, and tell them this node's presence again. */
    private void busResumed() {
        if (closed || storage.state() != CardState.READY) {
            return;
        }
        replication.resumed();
        publishOwnPresence();
    }

    /** Tells the other nodes the presence of this node's clients (an awareness update of their states). */
    private void publishOwnPresence() {
        byte[] states = awareness.ownStates();
        if (states != null) {
            bus.publish(key, BusMessage.Kind.AWARENESS, states);
        }
    }

    /**
     * Another node stopped: the presence of its clients goes, here and on this node's connections; and what it
     * published may never have been stored (it relays before its append commits), so this node stores its whole
     * card, which holds it (a duplicate in the log costs nothing).
     */
    private void busNodeGone(String node) {
        boolean heardFrom = replication.nodeGone(node);
        if (closed || storage.state() != CardState.READY) {
            return;
        }
        if (heardFrom) {
            storage.store(Y.encodeStateAsUpdate(doc));
        }
        byte[] removed = awareness.removeRelayedBy(node);
        if (removed != null) {
            members.broadcast(removed);
        }
    }

    /** The periodic check that this card lacks nothing the other nodes have. */
    private void checkInStep() {
        if (closed || storage.state() != CardState.READY || busSubscription == null
                || bus.status().liveNodes() <= 1) {
            return;
        }
        replication.askEveryone(RoomReplication.Reason.PERIODIC);
    }

    /**
     * What this card lacks is too big for the bus: the card as stored is read again and applied (what is
     * already here changes nothing); what the other node has not stored yet comes once it is, as its updates.
     */
    private void reloadFromDatabase(String node) {
        persistence.load(CompletableFuture.completedFuture(null)).whenComplete((loaded, failure) ->
                executor.offer(() -> {
                    if (closed || storage.state() != CardState.READY) {
                        return;
                    }
                    if (failure != null || loaded.ref() == null) {
                        LOG.warn("card {}: reloading it from the database to heal failed: {}", card,
                                failure == null ? "the card is gone" : RoomStorage.unwrap(failure).toString());
                        return;
                    }
                    Y.applyUpdate(doc, loaded.state().update(), new Origin.Reloaded(node));
                }));
    }

    private void applyFromNode(BusMessage message, Origin origin) {
        Y.applyUpdate(doc, message.payload(), origin);
        if (pendingTooLarge()) {
            metrics.limitExceeded(LimitNames.PENDING_BYTES, "-", card, "node " + message.node()
                    + ": updates that cannot be applied yet dropped");
        }
    }

    private void unsubscribeFromBus() {
        if (busSubscription != null) {
            busSubscription.close();
            busSubscription = null;
        }
    }

    /**
     * A message of another node. A change is applied with its {@link Origin.Remote} origin, so that it reaches
     * this node's connections and is neither stored nor published again; a heal with its {@link Origin.Healed}
     * one. One this card refuses is logged and dropped (its node keeps it, and the periodic check brings it
     * back). Sequences and sync requests go to {@link RoomReplication}.
     */
    private void receivedFromBus(BusMessage message) {
        if (closed || storage.state() != CardState.READY) {
            return;
        }
        try {
            if (!replication.accept(message)) {
                return;
            }
            switch (message.kind()) {
                case UPDATE -> applyFromNode(message, new Origin.Remote(message.node()));
                case AWARENESS -> awarenessChanged(new Origin.Remote(message.node()), message.payload(),
                        awareness.applyRemote(message.node(), message.payload()));
                case SYNC_REQUEST -> {
                    replication.requested(message);
                    if (message.to() == null) {
                        // a node that just loaded the card (or came back) shows its clients the cursors of
                        // this node's at once, not at their next renewal (15 s)
                        publishOwnPresence();
                    }
                }
                case SYNC_REPLY -> {
                    if (replication.replied(message)) {
                        applyFromNode(message, new Origin.Healed(message.node()));
                    } else {
                        reloadFromDatabase(message.node());
                    }
                }
                case DELETED -> cardDeleted("deleted on node " + message.node());
            }
        } catch (RuntimeException e) {
            LOG.warn("card {}: a {} from node {} (#{}) was not applied: {}", card, message.kind(), message.node(),
                    message.sequence(), e.toString());
        }
    }

    /** The sender's update is stored (its echo may go) or not (the sender is closed with 1011). */
    private void echoed(Member sender, Member.Echo echo, Throwable failure) {
        Connection connection = sender.connection();
        if (members.get(connection) != sender) {
            return;
        }
        if (failure != null) {
            LOG.warn("connection {} card {}: closed with 1011, its update could not be stored", connection.id(),
                    card);
            closeConnection(connection, CloseCodes.INTERNAL_ERROR, STORAGE_FAILED_REASON);
            return;
        }
        echo.durable();
        members.flushEchoed(sender);
    }

    private void malformed(Connection connection, RuntimeException e) {
        metrics.malformedFrame();
        LOG.info("connection {} card {}: malformed frame: {}", connection.id(), card, e.getMessage());
        closeConnection(connection, CloseCodes.BAD_MESSAGE, malformedReason(e));
    }

    /** A well-formed awareness update past a bound: a limit (4413), not a malformed frame (4400). */
    private void awarenessLimit(Connection connection, AwarenessLimitException e) {
        String detail = e.getMessage();
        Member member = members.get(connection);
        if (e.limit() == AwarenessLimitException.Limit.SENDER_CLIENTS && member != null) {
            detail += " (it owns " + member.awarenessClients().size() + ", max "
                    + limits.presence().maxClientsPerConnection() + ")";
        }
        metrics.limitExceeded(awarenessLimitName(e.limit()), connection.id(), card, detail);
        closeConnection(connection, CloseCodes.TOO_BIG, awarenessLimitReason(e.limit()));
    }

    private static String awarenessLimitName(AwarenessLimitException.Limit limit) {
        return switch (limit) {
            case CLIENTS -> LimitNames.AWARENESS_CLIENTS;
            case STATE_BYTES -> LimitNames.AWARENESS_STATE_BYTES;
            case TOTAL_BYTES -> LimitNames.AWARENESS_BYTES;
            case SENDER_CLIENTS -> LimitNames.AWARENESS_CLIENTS_PER_CONNECTION;
            case SENDER_BYTES -> LimitNames.AWARENESS_BYTES_PER_SUBJECT;
            case CLOCK_STEP -> LimitNames.AWARENESS_CLOCK_STEP;
        };
    }

    /** The close reason (4413) for an awareness update past a bound. */
    private static String awarenessLimitReason(AwarenessLimitException.Limit limit) {
        return switch (limit) {
            case CLIENTS -> "too many awareness clients";
            case STATE_BYTES -> "awareness state too big";
            case TOTAL_BYTES -> "awareness states too big for the card";
            case SENDER_CLIENTS -> "too many awareness client ids for one connection";
            case SENDER_BYTES -> "awareness states too big for one token subject";
            case CLOCK_STEP -> "awareness clock raised too far";
        };
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
        members.safeClose(connection, code, reason);
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
                members.safeClose(connection, CloseCodes.INTERNAL_ERROR, "internal error");
            }
        }
    }

    private void taskFailed(Throwable t) {
        metrics.internalError();
        LOG.error("card {}: room task failed", card, t);
    }
}
