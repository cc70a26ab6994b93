package dev.promptcards.server.room;

import dev.promptcards.presence.bus.Bus;
import java.time.Duration;
import java.util.Objects;

/**
 * How the rooms reach the same cards on the other nodes.
 *
 * @param bus               where they publish their changes and receive the other nodes'; not closed by the rooms
 * @param syncCheckInterval how often each loaded card asks the other nodes whether it lacks something (what no
 *                          gap in a sequence shows: a node's last message lost)
 */
public record BusLink(Bus bus, Duration syncCheckInterval) {

    /** Every 30 s: a lost last message is healed within that, and a card's digest costs little that often. */
    public static final Duration DEFAULT_SYNC_CHECK_INTERVAL = Duration.ofSeconds(30);

    /**
     * Checks the parts.
     *
     * @throws IllegalArgumentException if the interval is not positive
     */
    public BusLink {
        Objects.requireNonNull(bus, "bus");
        if (syncCheckInterval.isNegative() || syncCheckInterval.isZero()) {
            throw new IllegalArgumentException("the sync check interval must be positive: " + syncCheckInterval);
        }
    }

    /**
     * A link with the default check interval.
     *
     * @param bus the bus
     * @return the link
     */
    public static BusLink of(Bus bus) {
        return new BusLink(bus, DEFAULT_SYNC_CHECK_INTERVAL);
    }
}
