package dev.promptcards.server.net;

import java.util.function.LongSupplier;

/**
 * A token bucket: up to {@code burst} messages at once, refilled at {@code perSecond} messages a second.
 * Not thread-safe: one per connection, used on its event loop.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    /**
     * A full bucket.
     *
     * @param perSecond the refill rate, more than 0
     * @param burst     the capacity, at least 1
     * @param nanoClock a monotonic clock in nanoseconds
     */
    TokenBucket(double perSecond, double burst, LongSupplier nanoClock) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1: " + perSecond + ", " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /**
     * Takes one token if there is one.
     *
     * @return true if the message may pass
     */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Tells how long until a token is there.
     *
     * @return nanoseconds, 0 if one is there now
     */
    long nanosUntilToken() {
        refill();
        if (tokens >= 1) {
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / perSecond);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perSecond / NANOS_PER_SECOND);
            last = now;
        }
    }
}
