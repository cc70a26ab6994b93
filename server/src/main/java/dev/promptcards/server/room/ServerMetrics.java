package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics (Micrometer, scraped as Prometheus text at {@code /metrics}), all named
 * {@code promptcards_*}, and the one log line per limit hit. Thread-safe; one per server.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code promptcards_limit_exceeded_total{limit}}</td><td>limits hit, by limit; every name of
 *       {@link LimitNames#ALL} is there from the start, at 0</td></tr>
 *   <tr><td>{@code promptcards_connections}</td><td>open connections (gauge)</td></tr>
 *   <tr><td>{@code promptcards_connections_opened_total}</td><td>connections opened</td></tr>
 *   <tr><td>{@code promptcards_rooms}</td><td>loaded rooms (gauge)</td></tr>
 *   <tr><td>{@code promptcards_rooms_loaded_total}</td><td>rooms loaded</td></tr>
 *   <tr><td>{@code promptcards_messages_in_total}, {@code promptcards_bytes_in_total}</td>
 *       <td>messages and frame bytes received by rooms</td></tr>
 *   <tr><td>{@code promptcards_messages_out_total}, {@code promptcards_bytes_out_total}</td>
 *       <td>frames and bytes sent by rooms, counted per connection</td></tr>
 *   <tr><td>{@code promptcards_updates_applied_total}</td><td>document updates applied</td></tr>
 *   <tr><td>{@code promptcards_updates_offloaded_total}</td><td>updates applied on the heavy-update threads
 *       instead of a network thread (many client ids or bytes, or a card whose updates were slow), and the
 *       stored states of big cards applied there when they load</td></tr>
 *   <tr><td>{@code promptcards_heavy_work_running}</td><td>of those, being applied right now (gauge)</td></tr>
 *   <tr><td>{@code promptcards_malformed_frames_total}</td><td>frames closed with 4400</td></tr>
 *   <tr><td>{@code promptcards_awareness_foreign_updates_total}</td><td>awareness entries dropped because
 *       their client id belongs to another connection or node, and they would have changed its state (a
 *       stock client's relays of what it received are not counted)</td></tr>
 *   <tr><td>{@code promptcards_internal_errors_total}</td><td>room tasks that failed (1011)</td></tr>
 *   <tr><td>{@code promptcards_storage_backlog_updates}, {@code promptcards_storage_backlog_bytes}</td>
 *       <td>updates applied and not yet stored, waiting for the database (gauges)</td></tr>
 *   <tr><td>{@code promptcards_reads_paused_total}</td><td>reads paused by a connection's message rate</td></tr>
 *   <tr><td>{@code promptcards_storage_failures_total{operation}}</td>
 *       <td>storage calls that failed: load, create, append, compact</td></tr>
 *   <tr><td>{@code promptcards_connections_refused_total{code}}</td>
 *       <td>connections closed right after their upgrade instead of joining a card, by close code (4401,
 *       4403, 1013, 1001, 1011 are there from the start, at 0)</td></tr>
 *   <tr><td>{@code promptcards_connections_closed_total{code}}</td>
 *       <td>every close the server initiates (a Close frame it sends first), by close code; refusals
 *       included, closes answering the peer's not</td></tr>
 *   <tr><td>{@code promptcards_storage_commit_seconds} (histogram)</td>
 *       <td>an update's append, from the call to its durable completion ({@link #timeStorageCommit})</td></tr>
 *   <tr><td>{@code promptcards_fanout_seconds} (histogram)</td>
 *       <td>a room handing one frame to every receiver ({@link #fanout})</td></tr>
 *   <tr><td>{@code promptcards_ready}</td><td>1 while the server is ready, else 0 (gauge, once
 *       {@link #readiness registered})</td></tr>
 * </table>
 *
 * <p>The JVM, process, Netty allocator and connection pool meters are bound to the same registry by
 * {@link dev.promptcards.server.metrics.ProcessMetrics} and the database (HikariCP's {@code hikaricp_*}).
 */
public final class ServerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

    /** The codes an upgraded connection is refused with (WebSocketUpgradeHandler), counted from 0. */
    private static final List<Integer> REFUSAL_CODES = List.of(CloseCodes.BAD_TOKEN, CloseCodes.FORBIDDEN,
            CloseCodes.TRY_AGAIN_LATER, CloseCodes.GOING_AWAY, CloseCodes.INTERNAL_ERROR);

    private final PrometheusMeterRegistry registry;
    private final ReplicationMetrics replication;
    private final ConcurrentMap<String, Counter> limits = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> storageFailures = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger rooms = new AtomicInteger();
    private final Counter connectionsOpened;
    private final Counter roomsLoaded;
    private final Counter messagesIn;
    private final Counter bytesIn;
    private final Counter messagesOut;
    private final Counter bytesOut;
    private final Counter updatesApplied;
    private final Counter updatesOffloaded;
    private final Counter malformedFrames;
    private final Counter awarenessForeign;
    private final Counter internalErrors;
    private final Counter readsPaused;
    private final AtomicLong backlogUpdates = new AtomicLong();
    private final AtomicLong backlogBytes = new AtomicLong();
    private final ConcurrentMap<Integer, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Counter> closed = new ConcurrentHashMap<>();
    private final Timer storageCommit;
    private final Timer fanout;
    private final AtomicReference<BooleanSupplier> ready = new AtomicReference<>();
    private final AtomicInteger heavyRunning = new AtomicInteger();

    /** Metrics in a new Prometheus registry. */
    public ServerMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /**
     * Metrics in the given registry.
     *
     * @param registry where the meters are registered
     */
    public ServerMetrics(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.replication = new ReplicationMetrics(registry);
        Gauge.builder("promptcards.connections", connections, AtomicInteger::get)
                .description("open WebSocket connections").register(registry);
        Gauge.builder("promptcards.rooms", rooms, AtomicInteger::get)
                .description("rooms (cards) loaded").register(registry);
        connectionsOpened = counter("promptcards.connections.opened", "connections opened");
        roomsLoaded = counter("promptcards.rooms.loaded", "rooms loaded");
        messagesIn = counter("promptcards.messages.in", "messages received by rooms");
        bytesIn = counter("promptcards.bytes.in", "frame bytes received by rooms");
        messagesOut = counter("promptcards.messages.out", "frames sent by rooms, per connection");
        bytesOut = counter("promptcards.bytes.out", "bytes sent by rooms, per connection");
        updatesApplied = counter("promptcards.updates.applied", "document updates applied");
        updatesOffloaded = counter("promptcards.updates.offloaded",
                "updates too costly for a network thread, applied on the heavy-update threads");
        Gauge.builder("promptcards.heavy.work.running", heavyRunning, AtomicInteger::get)
                .description("heavy updates and big card loads being applied on the heavy-update threads now")
                .register(registry);
        malformedFrames = counter("promptcards.malformed.frames", "frames refused as malformed (4400)");
        awarenessForeign = counter("promptcards.awareness.foreign.updates",
                "awareness changes dropped: their client id belongs to another connection or node");
        internalErrors = counter("promptcards.internal.errors", "room tasks that failed (1011)");
        Gauge.builder("promptcards.storage.backlog.updates", backlogUpdates, AtomicLong::get)
                .description("updates applied and not yet stored (waiting for the database)").register(registry);
        Gauge.builder("promptcards.storage.backlog.bytes", backlogBytes, AtomicLong::get)
                .description("bytes of updates applied and not yet stored").register(registry);
        readsPaused = counter("promptcards.reads.paused",
                "times a connection's reads were paused because it sent faster than its message rate");
        for (String limit : LimitNames.ALL) {
            limitCounter(limit);
        }
        for (int code : REFUSAL_CODES) {
            refusedCounter(code);
        }
        // A commit is a group-committed PostgreSQL transaction (2 ms window by default): milliseconds
        // normally, seconds when the database is slow or away (updates then wait in the card's queue).
        storageCommit = Timer.builder("promptcards.storage.commit")
                .description("an update's append, from the call to its durable completion")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
                .register(registry);
        // Handing a frame to a connection queues it (no I/O): microseconds per receiver.
        fanout = Timer.builder("promptcards.fanout")
                .description("a room handing one frame to every receiver's connection")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .serviceLevelObjectives(Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10))
                .register(registry);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }

    /**
     * Returns the meters of keeping the cards in step with the other nodes.
     *
     * @return the replication metrics
     */
    public ReplicationMetrics replication() {
        return replication;
    }

    /**
     * Returns the registry, for meters of other parts of the server.
     *
     * @return the Prometheus registry
     */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Counts a limit hit ({@code promptcards_limit_exceeded_total{limit=...}}) and logs one WARN line
     * naming the limit, the connection and the card.
     *
     * @param limit        the limit's name, one of {@link LimitNames}, e.g. {@link LimitNames#CARD_SIZE}
     * @param connectionId the connection that hit it
     * @param card         the card ({@code workspace/card}) it was on
     */
    public void limitExceeded(String limit, String connectionId, String card) {
        limitExceeded(limit, connectionId, card, null);
    }

    /**
     * As {@link #limitExceeded(String, String, String)}, with a detail for the log line.
     *
     * @param limit        the limit's name
     * @param connectionId the connection that hit it
     * @param card         the card it was on
     * @param detail       e.g. {@code "card 33554500 bytes > 33554432"}, or null
     */
    public void limitExceeded(String limit, String connectionId, String card, String detail) {
        limitCounter(limit).increment();
        if (detail == null) {
            LOG.warn("limit {} exceeded: connection {} card {}", limit, connectionId, card);
        } else {
            LOG.warn("limit {} exceeded: connection {} card {}: {}", limit, connectionId, card, detail);
        }
    }

    private Counter limitCounter(String limit) {
        return limits.computeIfAbsent(limit, l -> Counter.builder("promptcards.limit.exceeded")
                .description("limits hit").tag("limit", l).register(registry));
    }

    /**
     * Counts an upgraded connection refused instead of joining a card
     * ({@code promptcards_connections_refused_total{code=...}}).
     *
     * @param code the close code it is closed with, e.g. 4401
     */
    public void connectionRefused(int code) {
        refusedCounter(code).increment();
    }

    private Counter refusedCounter(int code) {
        return refused.computeIfAbsent(code, c -> Counter.builder("promptcards.connections.refused")
                .description("upgraded connections refused instead of joining a card, by close code")
                .tag("code", Integer.toString(c)).register(registry));
    }

    /**
     * Counts a close the server initiates ({@code promptcards_connections_closed_total{code=...}}): a
     * Close frame sent first, with this code.
     *
     * @param code the close code, e.g. 1013
     */
    public void connectionClosedBy(int code) {
        closed.computeIfAbsent(code, c -> Counter.builder("promptcards.connections.closed")
                .description("closes the server initiated, by close code")
                .tag("code", Integer.toString(c)).register(registry)).increment();
    }

    /**
     * Times a storage commit ({@code promptcards_storage_commit_seconds}): from now, the append call, to
     * the future's successful completion, the update being durable. A failed append is not timed (it is
     * counted by {@link #storageFailed}).
     *
     * @param append the append's future, just returned by the storage
     * @param <T>    its value
     * @return {@code append} itself
     */
    public <T> CompletableFuture<T> timeStorageCommit(CompletableFuture<T> append) {
        long start = System.nanoTime();
        append.whenComplete((ok, failure) -> {
            if (failure == null) {
                storageCommit.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        });
        return append;
    }

    /**
     * Records one fan-out ({@code promptcards_fanout_seconds}): the time a room took to hand one frame,
     * already encoded, to every receiver's connection, from before the first send to after the last
     * (see RoomMembers#broadcastExcept). A send queues the frame on the connection, whose event loop
     * writes it to the socket afterwards: that write is not in this time.
     *
     * @param nanos the time, in nanoseconds of {@link System#nanoTime()}
     */
    public void fanout(long nanos) {
        fanout.record(nanos, TimeUnit.NANOSECONDS);
    }


    /**
     * Registers the gauge {@code promptcards_ready}: 1 while {@code ready} says true, else 0, read at each
     * scrape; a later call replaces the supplier.
     *
     * @param ready whether the server is ready to serve (cheap and thread-safe)
     */
    public void readiness(BooleanSupplier ready) {
        Objects.requireNonNull(ready, "ready");
        if (this.ready.getAndSet(ready) == null) {
            Gauge.builder("promptcards.ready", this.ready, s -> s.get().getAsBoolean() ? 1 : 0)
                    .description("1 while the server is ready to serve, else 0").register(registry);
        }
    }

    /** Counts a connection opened. */
    public void connectionOpened() {
        connections.incrementAndGet();
        connectionsOpened.increment();
    }

    /** Counts a connection closed. */
    public void connectionClosed() {
        connections.decrementAndGet();
    }

    /**
     * Returns the number of open connections.
     *
     * @return opened minus closed
     */
    public int connections() {
        return connections.get();
    }

    /** Counts a room loaded. */
    public void roomLoaded() {
        rooms.incrementAndGet();
        roomsLoaded.increment();
    }

    /** Counts a room unloaded. */
    public void roomUnloaded() {
        rooms.decrementAndGet();
    }

    /**
     * Counts a frame received by a room.
     *
     * @param messages the messages it held
     * @param bytes    its size
     */
    public void messagesIn(int messages, long bytes) {
        messagesIn.increment(messages);
        bytesIn.increment(bytes);
    }

    /**
     * Counts a frame sent to some connections.
     *
     * @param connections how many connections it went to
     * @param bytes       its size
     */
    public void messagesOut(int connections, long bytes) {
        messagesOut.increment(connections);
        bytesOut.increment((double) connections * bytes);
    }

    /** Counts a document update applied. */
    public void updateApplied() {
        updatesApplied.increment();
    }

    /** Counts updates applied off the network threads (many client ids or bytes, a big card's stored state). */
    public void heavyUpdateOffloaded() {
        updatesOffloaded.increment();
    }

    /** A heavy update, or a big card's stored state, starts being applied on a heavy-update thread. */
    public void heavyWorkStarted() {
        heavyRunning.incrementAndGet();
    }

    /** What {@link #heavyWorkStarted()} counted is applied (or failed). */
    public void heavyWorkEnded() {
        heavyRunning.decrementAndGet();
    }

    /** Counts a frame refused as malformed. */
    public void malformedFrame() {
        malformedFrames.increment();
    }

    /**
     * Counts awareness entries dropped because their client id is not their sender's and they would have
     * changed its state.
     *
     * @param entries how many
     */
    public void awarenessForeignUpdates(int entries) {
        awarenessForeign.increment(entries);
    }

    /**
     * Counts a storage call that failed ({@code promptcards_storage_failures_total{operation=...}}); the
     * caller logs it.
     *
     * @param operation {@code load}, {@code create}, {@code append} or {@code compact}
     */
    public void storageFailed(String operation) {
        storageFailures.computeIfAbsent(operation, o -> Counter.builder("promptcards.storage.failures")
                .description("storage calls that failed").tag("operation", o).register(registry)).increment();
    }

    /** Counts a connection's reads paused by its message rate (backpressure, not a limit hit). */
    public void readsPaused() {
        readsPaused.increment();
    }

    /**
     * Follows the updates that wait for the storage ({@code promptcards_storage_backlog_updates},
     * {@code promptcards_storage_backlog_bytes}).
     *
     * @param updates how many more (or fewer) updates wait
     * @param bytes   how many more (or fewer) bytes wait
     */
    public void storageBacklogChanged(int updates, long bytes) {
        backlogUpdates.addAndGet(updates);
        backlogBytes.addAndGet(bytes);
    }

    /** Counts a room task that failed unexpectedly. */
    public void internalError() {
        internalErrors.increment();
    }

    /**
     * Returns every meter in the Prometheus text format, for {@code GET /metrics}.
     *
     * @return the scrape
     */
    public String scrape() {
        return registry.scrape();
    }
}
