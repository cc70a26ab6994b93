package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.BusStatus;
import dev.promptcards.presence.bus.InProcessBus;
import dev.promptcards.persistence.CardStorage;
import dev.promptcards.persistence.SpillDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded rooms, one per card, and the threads they run on.
 *
 * <p>The network layer calls {@link #acquire} when a connection for a card arrives (the room is
 * created on first use), {@link Room#join}, {@link Room#receive} for its frames, and, when the
 * connection closes, {@link Room#leave} then {@link #release}, exactly once per acquire. A room
 * nobody holds is unloaded after {@link Limits#roomUnloadGrace()}, unless it is acquired again
 * before. At most {@link Limits#maxRooms()} rooms are loaded at once, and at most
 * {@link WorkspaceQuotas#maxRooms()} of one workspace; at either cap, a room (of that workspace) waiting
 * for its grace to end is unloaded early to make room.
 *
 * <p>Each room loads its card from the {@link CardStorage} when it is made (see {@link Room}); the
 * blocking storage calls (loading and creating cards) run on virtual threads of this registry, never
 * on the rooms' threads; appends and compactions run on the storage's own threads. A room whose card
 * does not exist or cannot be loaded is unloaded as soon as nobody holds it, without grace, so the
 * next connection looks again. An unloaded room is done only once its appends have completed; a new
 * room for the same card reads the card only after that, so it sees every update the old one stored.
 * The storage belongs to the caller: it must stay open until {@link #close()} returned.
 *
 * <p>The rooms' serial executors run on threads the caller lends ({@code roomThreads}: the server
 * passes its event loops, one chosen per room, so that a room's frames reach the members on the
 * room's own loop without a thread switch or a wakeup) or, when none are given, on a pool this
 * registry owns (one platform thread per processor, at least two). It also owns the virtual threads
 * of the storage calls, one timer thread (unload grace, awareness checks) and the heavy-update threads
 * (half the processors, at least one, daemons): a room applies an update too costly for its own thread
 * there while its executor waits ({@link Room}). {@link #close()}
 * closes every connection with 1001 "server shutting down", waits until the rooms' executors have
 * drained and their appends completed, and stops its own threads (lent ones stay the caller's).
 * Thread-safe.
 */
public final class RoomRegistry implements AutoCloseable {

    /** The close reason every connection gets on {@link #close()}. */
    public static final String SHUTDOWN_REASON = "server shutting down";

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /** How long a closing room tries to store what waits for the database before it spills it. */
    static final Duration UNLOAD_STORE_TIMEOUT = Duration.ofSeconds(8);
    /** How often the database is asked whether it answers (for readiness while nothing is written). */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    private final Limits limits;
    private final ServerMetrics metrics;
    private final CardStorage storage;
    private final BusLink link;
    private final LongSupplier nowMillis;
    private final Duration awarenessCheckInterval;
    /** The pool this registry owns, when no room threads were lent; else null. */
    private final ExecutorService ownPool;
    /** Chooses the thread(s) of a new room's serial executor. */
    private final Supplier<? extends Executor> roomThreads;
    /** Runs the blocking storage calls (JDBC): a virtual thread each. */
    private final ExecutorService blocking;
    /** Applies the updates too costly for a room's thread (Room offloads them); daemon threads. */
    private final ExecutorService heavyWork;
    private final ScheduledThreadPoolExecutor timer;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Map<CardKey, Slot> slots = new HashMap<>();
    /** Rooms unloaded and not yet done (appends running), by card. Guarded by {@link #lock}. */
    private final Map<CardKey, CompletableFuture<Void>> unloading = new HashMap<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;
    private final StorageHealth health = new StorageHealth();
    private final SpillDirectory spill;
    private final AtomicInteger lostCards = new AtomicInteger();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final CardEditor cardEditor;

    /** A loaded room, how many connections hold it, and its pending unload. Guarded by the lock. */
    private static final class Slot {
        final Room room;
        int holders;
        ScheduledFuture<?> unload;

        Slot(Room room) {
            this.room = room;
        }
    }

    /**
     * Creates an empty registry and its threads.
     *
     * @param limits  the limits (rooms cap, unload grace, card and frame size)
     * @param metrics the metrics
     * @param storage where the cards are loaded from and their updates appended to; not closed here
     */
    public RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage) {
        this(limits, metrics, storage, null, System::currentTimeMillis, Room.AWARENESS_CHECK_INTERVAL, null,
                BusLink.of(new InProcessBus()));
    }

    /**
     * Creates an empty registry on its own threads whose rooms share their changes through a bus.
     *
     * @param limits  the limits
     * @param metrics the metrics
     * @param storage the cards' storage; not closed here
     * @param bus     where the rooms publish their changes and receive the other nodes'; not closed here
     */
    RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage, Bus bus) {
        this(limits, metrics, storage, BusLink.of(bus));
    }

    /**
     * As above, with the check interval of the link.
     *
     * @param limits  the limits
     * @param metrics the metrics
     * @param storage the cards' storage; not closed here
     * @param link    the bus and how often the cards check they are in step; the bus is not closed here
     */
    RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage, BusLink link) {
        this(limits, metrics, storage, null, System::currentTimeMillis, Room.AWARENESS_CHECK_INTERVAL, null, link);
    }

    /**
     * Creates an empty registry whose rooms run on lent threads.
     *
     * @param limits      the limits (rooms cap, unload grace, card and frame size)
     * @param metrics     the metrics
     * @param storage     where the cards are loaded from and their updates appended to; not closed here
     * @param roomThreads called once per new room: the executor its tasks run on (e.g. the next event
     *                    loop of the server's group); it must run tasks without blocking the caller
     *                    and stay up until {@link #close()} returned
     */
    public RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage,
            Supplier<? extends Executor> roomThreads) {
        this(limits, metrics, storage, roomThreads, null);
    }

    /**
     * Creates an empty registry whose rooms run on lent threads and spill what the database does not take
     * when they close.
     *
     * @param limits      the limits
     * @param metrics     the metrics
     * @param storage     where the cards are loaded from and their updates appended to; not closed here
     * @param roomThreads as in {@link #RoomRegistry(Limits, ServerMetrics, CardStorage, Supplier)}
     * @param spill       where a closing room writes its card's state when the database is away, or null
     */
    public RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage,
            Supplier<? extends Executor> roomThreads, SpillDirectory spill) {
        this(limits, metrics, storage, roomThreads, spill, BusLink.of(new InProcessBus()));
    }

    /**
     * Creates an empty registry whose rooms run on lent threads, spill what the database does not take when
     * they close, and share their changes with the other nodes through a bus: what the server runs.
     *
     * @param limits      the limits
     * @param metrics     the metrics
     * @param storage     where the cards are loaded from and their updates appended to; not closed here
     * @param roomThreads as in {@link #RoomRegistry(Limits, ServerMetrics, CardStorage, Supplier)}
     * @param spill       where a closing room writes its card's state when the database is away, or null
     * @param link        the bus and how often the cards check they are in step; the bus is not closed here
     */
    public RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage,
            Supplier<? extends Executor> roomThreads, SpillDirectory spill, BusLink link) {
        this(limits, metrics, storage, Objects.requireNonNull(roomThreads, "roomThreads"),
                System::currentTimeMillis, Room.AWARENESS_CHECK_INTERVAL, spill, link);
    }

    /**
     * Creates an empty registry with another clock and awareness check interval (for tests).
     *
     * @param limits                 the limits
     * @param metrics                the metrics
     * @param storage                the cards' storage
     * @param nowMillis              the clock of the awareness timeouts
     * @param awarenessCheckInterval how often each room removes outdated awareness states
     */
    RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage, LongSupplier nowMillis,
            Duration awarenessCheckInterval) {
        this(limits, metrics, storage, null, nowMillis, awarenessCheckInterval, null, BusLink.of(new InProcessBus()));
    }

    /**
     * As the test constructor above, with a spill directory.
     *
     * @param limits                 the limits
     * @param metrics                the metrics
     * @param storage                the cards' storage
     * @param nowMillis              the clock of the awareness timeouts
     * @param awarenessCheckInterval how often each room removes outdated awareness states
     * @param spill                  where closing rooms spill, or null
     */
    RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage, LongSupplier nowMillis,
            Duration awarenessCheckInterval, SpillDirectory spill) {
        this(limits, metrics, storage, null, nowMillis, awarenessCheckInterval, spill, BusLink.of(new InProcessBus()));
    }

    private RoomRegistry(Limits limits, ServerMetrics metrics, CardStorage storage,
            Supplier<? extends Executor> roomThreads, LongSupplier nowMillis, Duration awarenessCheckInterval,
            SpillDirectory spill, BusLink link) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.link = Objects.requireNonNull(link, "link");
        this.nowMillis = Objects.requireNonNull(nowMillis, "nowMillis");
        if (awarenessCheckInterval.isNegative() || awarenessCheckInterval.isZero()) {
            throw new IllegalArgumentException("awarenessCheckInterval must be positive");
        }
        this.awarenessCheckInterval = awarenessCheckInterval;
        if (roomThreads == null) {
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            ExecutorService pool = Executors.newFixedThreadPool(threads,
                    Thread.ofPlatform().name("promptcards-room-", 1).daemon(true).factory());
            this.ownPool = pool;
            this.roomThreads = () -> pool;
        } else {
            this.ownPool = null;
            this.roomThreads = roomThreads;
        }
        this.blocking = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("promptcards-storage-", 1).factory());
        this.heavyWork = heavyUpdatePool();
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("promptcards-room-timer").daemon(true).factory());
        this.timer.setRemoveOnCancelPolicy(true);
        this.timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.spill = spill;
        this.cardEditor = new RoomCardEditor(this, timer);
        long probe = PROBE_INTERVAL.toNanos();
        this.timer.scheduleWithFixedDelay(this::probeStorage, probe, probe, TimeUnit.NANOSECONDS);
    }

    /**
     * The threads heavy updates are applied on: half the processors (at least one), so that they never take
     * every core from the event loops. Each room has at most one task here at a time (its executor waits for
     * it), so the queue holds at most one per loaded room. Daemon threads: a task still running when
     * {@link #close()} gives up does not keep the process alive.
     */
    private static ExecutorService heavyUpdatePool() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("promptcards-heavy-", 1).daemon(true).factory());
    }

    /** Asks the database whether it answers, on the blocking executor, one probe at a time. */
    private void probeStorage() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            blocking.execute(() -> {
                try {
                    if (storage.database().answers()) {
                        health.stored();
                    } else {
                        health.failed(new IllegalStateException("the database does not answer"));
                    }
                } finally {
                    probing.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            probing.set(false);
        }
    }

    /**
     * Tells whether the database takes what the rooms store, as the last append or probe found.
     *
     * @return the storage's health
     */
    public StorageHealth storageHealth() {
        return health;
    }

    /**
     * Tells whether the bus reaches the other nodes, and its counters.
     *
     * @return the bus's status now
     */
    public BusStatus busStatus() {
        return link.bus().status();
    }

    /**
     * Tells how many cards had changes that could be stored neither in the database nor in a spill file
     * when their rooms closed.
     *
     * @return cards whose latest changes are lost
     */
    public int lostCards() {
        return lostCards.get();
    }

    /**
     * The port through which server-side code edits this registry's cards (test runs, the API): each edit
     * holds the card's room while it is pending, so the card is loaded for it and stays loaded.
     *
     * @return the card editor of these rooms
     */
    public CardEditor cardEditor() {
        return cardEditor;
    }

    /**
     * A card was soft-deleted: its room here, if loaded, closes its connections with 4404 and serves it no more
     * ({@link Room#deleted()}), and the other nodes are told on the bus ({@link BusMessage.Kind#DELETED}) to do
     * the same. Should that message be lost, a node finds out at its next write of the card's row (its title,
     * at most every {@link Room#TOUCH_INTERVAL_NANOS}), and a card loaded later is not found at all.
     *
     * @param key the card, already marked deleted in the database
     */
    public void cardDeleted(CardKey key) {
        Objects.requireNonNull(key, "key");
        Room room = loadedRoom(key);
        if (room != null) {
            room.deleted();
        }
        link.bus().publish(key, BusMessage.Kind.DELETED, new byte[0]);
    }

    /**
     * A card was restored: its room here, if it is still loaded since the deletion, serves it again
     * ({@link Room#restored()}). Rooms of other nodes are unloaded once their connections are closed, so the
     * next connection there loads the card as it was.
     *
     * @param key the card, already restored in the database
     */
    public void cardRestored(CardKey key) {
        Objects.requireNonNull(key, "key");
        Room room = loadedRoom(key);
        if (room != null) {
            room.restored();
        }
    }

    /** The card's room if it is loaded here, else null. */
    private Room loadedRoom(CardKey key) {
        lock.lock();
        try {
            Slot slot = slots.get(key);
            return slot == null ? null : slot.room;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the limits the rooms enforce.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * As {@link #acquire(CardKey, String)} with no connection to name in the log line.
     *
     * @param key the card
     * @return its room
     * @throws RoomCapacityException if {@link Limits#maxRooms()} other rooms are loaded
     * @throws IllegalStateException after {@link #close()}
     */
    public Room acquire(CardKey key) {
        return acquire(key, "-");
    }

    /**
     * Returns the card's room, loading it if needed, and holds it until {@link #release}: a pending
     * unload is cancelled.
     *
     * @param key          the card
     * @param connectionId the connection asking, named in the log line if the room cap is hit
     * @return its room
     * @throws RoomCapacityException if {@link Limits#maxRooms()} other rooms are loaded (counted as
     *                               limit {@code rooms}), or {@link WorkspaceQuotas#maxRooms()} other rooms
     *                               of the card's workspace (limit {@code workspace_rooms})
     * @throws IllegalStateException after {@link #close()}
     */
    public Room acquire(CardKey key, String connectionId) {
        Objects.requireNonNull(key, "key");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the room registry is closed");
            }
            Slot slot = slots.get(key);
            if (slot == null) {
                requireWorkspaceQuota(key, connectionId);
                if (slots.size() >= limits.maxRooms() && !unloadOneIdle(any -> true)) {
                    metrics.limitExceeded(LimitNames.ROOMS, connectionId, key.toString(),
                            slots.size() + " rooms loaded, max " + limits.maxRooms());
                    throw new RoomCapacityException(key, limits.maxRooms());
                }
                Room room = new Room(key, limits, metrics, new CardPersistence(key, storage, blocking, metrics),
                        roomThreads.get(), timer, nowMillis, awarenessCheckInterval, health, spill,
                        UNLOAD_STORE_TIMEOUT, link, heavyWork);
                slot = new Slot(room);
                slots.put(key, slot);
                metrics.roomLoaded();
                // the previous room of this card, if it is still finishing its appends, goes first
                room.start(unloading.getOrDefault(key, CompletableFuture.completedFuture(null)));
                LOG.debug("card {}: room made", key);
            }
            slot.holders++;
            if (slot.unload != null) {
                slot.unload.cancel(false);
                slot.unload = null;
            }
            return slot.room;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets go of a room acquired before; when nobody holds it any more, it is unloaded after
     * {@link Limits#roomUnloadGrace()} (at once if its card does not exist or cannot be loaded).
     * After {@link #close()} this does nothing.
     *
     * @param room a room returned by {@link #acquire}
     * @throws IllegalStateException if the room is not held (released more often than acquired, or
     *                               not from this registry)
     */
    public void release(Room room) {
        Objects.requireNonNull(room, "room");
        lock.lock();
        try {
            if (closed) {
                return;
            }
            Slot slot = slots.get(room.key());
            if (slot == null || slot.room != room || slot.holders == 0) {
                throw new IllegalStateException("room " + room.key() + " is not held");
            }
            slot.holders--;
            if (slot.holders == 0) {
                Slot idle = slot;
                Room.CardState state = slot.room.state();
                long grace = state == Room.CardState.MISSING || state == Room.CardState.FAILED
                        ? 0 : limits.roomUnloadGrace().toNanos();
                slot.unload = timer.schedule(() -> unloadIfIdle(idle), grace, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the number of rooms loaded, those waiting to be unloaded included.
     *
     * @return rooms
     */
    public int roomCount() {
        lock.lock();
        try {
            return slots.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * At the workspace's quota of rooms: makes way by unloading one of its rooms nobody holds, else
     * refuses. Counting walks the loaded rooms, only when a card is loaded. Holds the lock.
     */
    private void requireWorkspaceQuota(CardKey key, String connectionId) {
        String workspace = key.workspace();
        int quota = limits.quotas().maxRooms();
        long loaded = slots.keySet().stream().filter(k -> k.workspace().equals(workspace)).count();
        if (loaded >= quota && !unloadOneIdle(k -> k.workspace().equals(workspace))) {
            metrics.limitExceeded(LimitNames.WORKSPACE_ROOMS, connectionId, key.toString(),
                    loaded + " cards of workspace " + workspace + " loaded, max " + quota);
            throw RoomCapacityException.ofWorkspace(key, quota);
        }
    }

    /**
     * At a cap: unloads a room nobody holds (one waiting for its grace to end) among {@code which} now.
     * Holds the lock.
     */
    private boolean unloadOneIdle(Predicate<CardKey> which) {
        for (Slot slot : slots.values()) {
            if (slot.holders == 0 && !slot.room.hasUnstoredChanges() && which.test(slot.room.key())) {
                slots.remove(slot.room.key());
                if (slot.unload != null) {
                    slot.unload.cancel(false);
                }
                metrics.roomUnloaded();
                closing(slot.room.key(), slot.room.close(CloseCodes.TRY_AGAIN_LATER, "card unloaded"));
                return true;
            }
        }
        return false;
    }

    private void unloadIfIdle(Slot slot) {
        CardKey key = slot.room.key();
        lock.lock();
        try {
            if (closed || slot.holders > 0 || slots.get(key) != slot) {
                return;
            }
            if (slot.room.hasUnstoredChanges()) {
                // unloading would leave its changes to a spill file read only at the next start
                slot.unload = timer.schedule(() -> unloadIfIdle(slot), limits.roomUnloadGrace().toNanos() + 1,
                        TimeUnit.NANOSECONDS);
                return;
            }
            slots.remove(key);
            metrics.roomUnloaded();
            // nobody holds it: no connection to close, no task to come but this last one
            closing(key, slot.room.close(CloseCodes.TRY_AGAIN_LATER, "card unloaded"));
        } finally {
            lock.unlock();
        }
        LOG.debug("card {} unloaded", key);
    }

    /**
     * Remembers an unloaded room until it is done, so a new room of the card reads only after its
     * appends. Holds the lock.
     */
    private void closing(CardKey key, CompletableFuture<Void> done) {
        CompletableFuture<Void> before = unloading.get(key);
        CompletableFuture<Void> all = before == null ? done : CompletableFuture.allOf(before, done);
        unloading.put(key, all);
        all.whenComplete((result, failure) -> {
            lock.lock();
            try {
                unloading.remove(key, all);
            } finally {
                lock.unlock();
            }
        });
    }

    /**
     * Tells how many unloaded rooms are still finishing their storage calls.
     *
     * @return cards whose last room is not done yet
     */
    int unloadingCount() {
        lock.lock();
        try {
            return unloading.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes every room (each connection gets 1001 "server shutting down"), waits up to 20 s ({@code DRAIN_TIMEOUT}) for the
     * rooms' executors to drain and their storage calls (appends) to complete, then stops the
     * threads. The storage is not closed. Calling it again does nothing.
     */
    @Override
    public void close() {
        List<Slot> toClose;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(slots.values());
            slots.clear();
        } finally {
            lock.unlock();
        }
        List<CompletableFuture<Void>> drained = new ArrayList<>(toClose.size());
        lock.lock();
        try {
            drained.addAll(unloading.values());
        } finally {
            lock.unlock();
        }
        for (Slot slot : toClose) {
            if (slot.unload != null) {
                slot.unload.cancel(false);
            }
            Room room = slot.room;
            drained.add(room.close(CloseCodes.GOING_AWAY, SHUTDOWN_REASON).whenComplete((done, failure) -> {
                if (room.unloadOutcome() == RoomStorage.UnloadOutcome.LOST) {
                    lostCards.incrementAndGet();
                }
            }));
            metrics.roomUnloaded();
        }
        timer.shutdownNow();
        try {
            CompletableFuture.allOf(drained.toArray(CompletableFuture[]::new))
                    .get(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("a room failed while closing", e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("rooms still busy after {} (running or storing); stopping anyway", DRAIN_TIMEOUT);
        }
        blocking.shutdown();
        // a heavy update still running is interrupted at most; its thread is a daemon
        heavyWork.shutdownNow();
        if (ownPool == null) {
            return;
        }
        ownPool.shutdown();
        try {
            if (!ownPool.awaitTermination(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ownPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownPool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
