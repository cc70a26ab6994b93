package dev.promptcards.server.metrics;

import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The bus's state and counters as meters: {@code promptcards_bus_connected} (1 while messages reach the other
 * nodes), {@code promptcards_bus_nodes} (live nodes, this one included), {@code promptcards_bus_messages_total}
 * by {@code direction} (in, out), {@code promptcards_bus_publish_failures_total} (dropped while the bus was
 * away) and {@code promptcards_bus_reconnects_total}; each carries the bus's {@code kind} (in-process, redis).
 */
public final class BusMeters {

    private BusMeters() {
    }

    /**
     * Registers the meters; each reads {@link Bus#status()} when scraped.
     *
     * @param registry where they go
     * @param bus      the bus
     */
    public static void bind(MeterRegistry registry, Bus bus) {
        Objects.requireNonNull(bus, "bus");
        String kind = bus.status().kind();
        gauge(registry, bus, kind, "promptcards.bus.connected", "1 while the bus reaches the other nodes, 0 while it is away",
                s -> s.connected() ? 1 : 0);
        gauge(registry, bus, kind, "promptcards.bus.nodes", "nodes whose heartbeat is current, this one included",
                BusStatus::liveNodes);
        FunctionCounter.builder("promptcards.bus.messages", bus, b -> b.status().messagesIn())
                .description("bus messages received from other nodes or published").tag("kind", kind)
                .tag("direction", "in").register(registry);
        FunctionCounter.builder("promptcards.bus.messages", bus, b -> b.status().messagesOut())
                .description("bus messages received from other nodes or published").tag("kind", kind)
                .tag("direction", "out").register(registry);
        FunctionCounter.builder("promptcards.bus.publish.failures", bus, b -> b.status().publishFailures())
                .description("bus messages dropped because the bus was away (the cards heal once it is back)")
                .tag("kind", kind).register(registry);
        FunctionCounter.builder("promptcards.bus.reconnects", bus, b -> b.status().reconnects())
                .description("times the bus came back after it was lost").tag("kind", kind).register(registry);
    }

    private static void gauge(MeterRegistry registry, Bus bus, String kind, String name, String description,
            ToDoubleFunction<BusStatus> value) {
        Gauge.builder(name, bus, b -> value.applyAsDouble(b.status())).description(description).tag("kind", kind)
                .register(registry);
    }
}
