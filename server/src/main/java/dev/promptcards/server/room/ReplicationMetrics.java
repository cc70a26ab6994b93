package dev.promptcards.server.room;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How the cards kept in step with the other nodes: {@code promptcards_bus_gaps_total} (a node's message
 * missed), {@code promptcards_bus_sync_requests_total} by {@code reason}, and the heals:
 * {@code promptcards_bus_heals_total} and {@code promptcards_bus_heal_bytes_total} by {@code direction}
 * (sent, received), {@code promptcards_bus_healed_bytes_total} (what a heal received actually added to a card).
 * Thread-safe.
 */
public final class ReplicationMetrics {

    private final MeterRegistry registry;
    private final Counter gaps;
    private final Counter healsSent;
    private final Counter healBytesSent;
    private final Counter healsReceived;
    private final Counter healBytesReceived;
    private final Counter healedBytes;
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();

    /**
     * Registers the meters.
     *
     * @param registry where they go
     */
    public ReplicationMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.gaps = Counter.builder("promptcards.bus.gaps")
                .description("messages of another node found missing (a gap in its sequence)").register(registry);
        this.healsSent = heals("sent");
        this.healBytesSent = healBytes("sent");
        this.healsReceived = heals("received");
        this.healBytesReceived = healBytes("received");
        this.healedBytes = Counter.builder("promptcards.bus.healed.bytes")
                .description("bytes a heal received added to a card (what this node had lacked)").register(registry);
        for (RoomReplication.Reason reason : RoomReplication.Reason.values()) {
            requestCounter(reason);
        }
    }

    private Counter heals(String direction) {
        return Counter.builder("promptcards.bus.heals").description("heals (diffs answering a sync request)")
                .tag("direction", direction).register(registry);
    }

    private Counter healBytes(String direction) {
        return Counter.builder("promptcards.bus.heal.bytes").description("bytes of the heals")
                .tag("direction", direction).register(registry);
    }

    private Counter requestCounter(RoomReplication.Reason reason) {
        return requests.computeIfAbsent(reason.label(), label -> Counter.builder("promptcards.bus.sync.requests")
                .description("sync requests this node sent, by why").tag("reason", label).register(registry));
    }

    void gap() {
        gaps.increment();
    }

    void syncRequested(RoomReplication.Reason reason) {
        requestCounter(reason).increment();
    }

    void healSent(int bytes) {
        healsSent.increment();
        healBytesSent.increment(bytes);
    }

    void healReceived(int bytes) {
        healsReceived.increment();
        healBytesReceived.increment(bytes);
    }

    void healed(int bytes) {
        healedBytes.increment(bytes);
    }
}
