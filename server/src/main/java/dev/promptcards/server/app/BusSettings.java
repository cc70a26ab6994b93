package dev.promptcards.server.app;

import dev.promptcards.server.room.BusLink;
import java.time.Duration;
import java.util.Objects;

/**
 * How this node reaches the others.
 *
 * @param redisUrl          the Redis of the cross-node bus ({@code redis://} or {@code rediss://}, a password in it),
 *                          or null for a single node on the in-process bus
 * @param syncCheckInterval how often each loaded card asks the other nodes whether it lacks something
 */
public record BusSettings(String redisUrl, Duration syncCheckInterval) {

    /** @throws NullPointerException if the interval is null (its bounds are {@link BusLink}'s) */
    public BusSettings {
        Objects.requireNonNull(syncCheckInterval, "syncCheckInterval");
    }

    /**
     * A single node: no Redis, the default check interval.
     *
     * @return the settings
     */
    public static BusSettings singleNode() {
        return new BusSettings(null, BusLink.DEFAULT_SYNC_CHECK_INTERVAL);
    }
}
