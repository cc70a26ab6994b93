package dev.promptcards.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's metrics (Micrometer, scraped as Prometheus text at {@code /metrics}), all named
 * {@code promptcards_*}, and the one log line per limit hit. Thread-safe; one per server.
 *
 * <table>
 *   <caption>Meters (Prometheus names)</caption>
 *   <tr><td>{@code promptcards_limit_exceeded_total{limit}}</td><td>limits hit, by limit</td></tr>
 *   <tr><td>{@code promptcards_connections}</td><td>open connections (gauge)</td></tr>
 *   <tr><td>{@code promptcards_connections_opened_total}</td><td>connections opened</td></tr>
 *   <tr><td>{@code promptcards_rooms}</td><td>loaded rooms (gauge)</td></tr>
 *   <tr><td>{@code promptcards_rooms_loaded_total}</td><td>rooms loaded</td></tr>
 *   <tr><td>{@code promptcards_messages_in_total}, {@code promptcards_bytes_in_total}</td>
 *       <td>messages and frame bytes received by rooms</td></tr>
 *   <tr><td>{@code promptcards_messages_out_total}, {@code promptcards_bytes_out_total}</td>
 *       <td>frames and bytes sent by rooms, counted per connection</td></tr>
 *   <tr><td>{@code promptcards_updates_applied_total}</td><td>document updates applied</td></tr>
 *   <tr><td>{@code promptcards_malformed_frames_total}</td><td>frames closed with 4400</td></tr>
 *   <tr><td>{@code promptcards_internal_errors_total}</td><td>room tasks that failed (1011)</td></tr>
 *   <tr><td>{@code promptcards_storage_backlog_updates}, {@code promptcards_storage_backlog_bytes}</td>
 *       <td>updates applied and not yet stored, waiting for the database (gauges)</td></tr>
 *   <tr><td>{@code promptcards_reads_paused_total}</td><td>reads paused by a connection's message rate</td></tr>
 *   <tr><td>{@code promptcards_storage_failures_total{operation}}</td>
 *       <td>storage calls that failed: load, create, append, compact</td></tr>
 * </table>
 */
public final class ServerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);

    private final PrometheusMeterRegistry registry;
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
    private final Counter malformedFrames;
    private final Counter internalErrors;
    private final Counter readsPaused;
    private final AtomicLong backlogUpdates = new AtomicLong();
    private final AtomicLong backlogBytes = new AtomicLong();

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
        malformedFrames = counter("promptcards.malformed.frames", "frames refused as malformed (4400)");
        internalErrors = counter("promptcards.internal.errors", "room tasks that failed (1011)");
        Gauge.builder("promptcards.storage.backlog.updates", backlogUpdates, AtomicLong::get)
                .description("updates applied and not yet stored (waiting for the database)").register(registry);
        Gauge.builder("promptcards.storage.backlog.bytes", backlogBytes, AtomicLong::get)
                .description("bytes of updates applied and not yet stored").register(registry);
        readsPaused = counter("promptcards.reads.paused",
                "times a connection's reads were paused because it sent faster than its message rate");
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(registry);
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
     * @param limit        the limit's name, e.g. {@code card_size}, {@code frame_size}, {@code rooms}
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
        limits.computeIfAbsent(limit, l -> Counter.builder("promptcards.limit.exceeded")
                .description("limits hit").tag("limit", l).register(registry)).increment();
        if (detail == null) {
            LOG.warn("limit {} exceeded: connection {} card {}", limit, connectionId, card);
        } else {
            LOG.warn("limit {} exceeded: connection {} card {}: {}", limit, connectionId, card, detail);
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

    /** Counts a frame refused as malformed. */
    public void malformedFrame() {
        malformedFrames.increment();
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
