package dev.promptcards.presence.bus.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the messages that did not decode and logs them: once per sending node and reason, so that a node
 * speaking another format cannot flood the log; beyond {@link #MAX_LOGGED_KINDS} distinct ones, one line a
 * minute.
 */
final class RejectedMessages {

    /** How many distinct node/reason pairs are remembered; a bound, so that foreign bytes cannot grow it. */
    static final int MAX_LOGGED_KINDS = 64;

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());
    private static final long OVERFLOW_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong lastOverflowLog = new AtomicLong(System.nanoTime() - OVERFLOW_LOG_INTERVAL_NANOS);

    /**
     * Counts a message that did not decode, and logs it if it is the first of its kind.
     *
     * @param channel the channel it came on
     * @param error   why it did not decode
     */
    void reject(byte[] channel, BusMessageCodec.Malformed error) {
        long total = count.incrementAndGet();
        String node = error.node() == null ? "an unknown node" : "node " + error.node();
        String key = node + "|" + error.getMessage();
        if (logged.size() < MAX_LOGGED_KINDS) {
            if (logged.add(key)) {
                LOG.log(Level.WARNING, "dropped a bus message from {0} on {1}: {2} (further ones like it are"
                        + " counted, not logged)", node, new String(channel, StandardCharsets.US_ASCII),
                        error.getMessage());
            }
            return;
        }
        long last = lastOverflowLog.get();
        long now = System.nanoTime();
        if (now - last >= OVERFLOW_LOG_INTERVAL_NANOS && lastOverflowLog.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, "{0} bus messages dropped so far because they did not decode", total);
        }
    }

    /**
     * Messages dropped since the bus started.
     *
     * @return the count
     */
    long count() {
        return count.get();
    }
}
