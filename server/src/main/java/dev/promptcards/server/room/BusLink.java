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
 * @param maxHealBytes      the largest heal sent over the bus; past it the asker is told to load the card
 *                          from the database instead
 */
public record BusLink(Bus bus, Duration syncCheckInterval, int maxHealBytes) {

    /** Every 30 s: a lost last message is healed within that, and a card's digest costs little that often. */
    public static final Duration DEFAULT_SYNC_CHECK_INTERVAL = Duration.ofSeconds(30);

    /**
     * 4 MiB: Redis disconnects a pub/sub client whose output buffer passes 32 MB at once, or 8 MB for 60 s
     * (redis.conf {@code client-output-buffer-limit pubsub 32mb 8mb 60}), and a heal goes to every node of the card.
     */
    public static final int DEFAULT_MAX_HEAL_BYTES = 4 << 20;

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
        if (maxHealBytes < 1) {
            throw new IllegalArgumentException("the largest heal must be at least 1 byte: " + maxHealBytes);
        }
    }

    /**
     * A link with the default largest heal.
     *
     * @param bus               the bus
     * @param syncCheckInterval how often each card checks
     */
    public BusLink(Bus bus, Duration syncCheckInterval) {
        this(bus, syncCheckInterval, DEFAULT_MAX_HEAL_BYTES);
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
