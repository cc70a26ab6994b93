package dev.promptcards.server.net;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each workspace's connection quota as the admin API stored it ({@code workspaces.max_connections}, null for
 * none), cached so that a WebSocket connect reads no database on the event loop (issue 15).
 *
 * <p>A value is served from the cache; once it is older than the refresh interval it is still served while it
 * is read again in the background, so a change made through another node is seen within about that interval.
 * A change made through this node's API is put in at once ({@link #changed}). Only a workspace's first connect
 * (or the first after the cache was emptied) waits for the database, off the event loop. A read that fails or
 * takes longer than {@value #LOAD_TIMEOUT_SECONDS} s counts as no stored quota (the last value known, if any):
 * the database away is no reason to refuse editors, and the serve option's per-workspace cap still holds.
 *
 * <p>Thread-safe.
 */
public final class StoredConnectionQuotas {

    /** How long a value is served before it is read again: "a few seconds" (issue 15's brief). */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    /** The most workspaces cached; past it the cache is emptied (each entry is read again on its next connect). */
    static final int MAX_ENTRIES = 100_000;
    /** How long a connect waits for a workspace's first read. */
    static final long LOAD_TIMEOUT_SECONDS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(StoredConnectionQuotas.class);
    private static final CompletableFuture<Integer> NO_QUOTA = CompletableFuture.completedFuture(null);

    /** A value and when it was read (the start of its read, {@code nanoClock}). */
    private record Entry(Integer max, long readAt) {
    }

    private final Function<String, Integer> loader;
    private final Executor executor;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Integer>> loading = new ConcurrentHashMap<>();

    /**
     * @param loader    reads a workspace's stored quota, blocking (null: none, or no such workspace)
     * @param executor  where reads run (never an event loop)
     * @param refresh   how long a value is served before it is read again
     * @param nanoClock the clock ({@code System::nanoTime})
     */
    public StoredConnectionQuotas(Function<String, Integer> loader, Executor executor, Duration refresh,
            LongSupplier nanoClock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.refreshNanos = refresh.toNanos();
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Quotas read through {@code loader} on virtual threads, refreshed every {@link #DEFAULT_REFRESH}.
     *
     * @param loader reads a workspace's stored quota, blocking
     * @return the cache
     */
    public static StoredConnectionQuotas reading(Function<String, Integer> loader) {
        ThreadFactory threads = Thread.ofVirtual().name("promptcards-quota-", 0).factory();
        return new StoredConnectionQuotas(loader, task -> threads.newThread(task).start(), DEFAULT_REFRESH,
                System::nanoTime);
    }

    /** @return a cache of a server without stored quotas (no database): every workspace has none */
    public static StoredConnectionQuotas none() {
        return new StoredConnectionQuotas(workspace -> null, Runnable::run, Duration.ofDays(365), System::nanoTime);
    }

    /**
     * A workspace's stored connection quota.
     *
     * @param workspace the workspace
     * @return a future done at once when the workspace was read before, else once it is read; it never fails,
     *         and holds null for no quota
     */
    public CompletableFuture<Integer> maxConnections(String workspace) {
        Entry entry = entries.get(workspace);
        if (entry == null) {
            return load(workspace);
        }
        if (nanoClock.getAsLong() - entry.readAt() >= refreshNanos) {
            load(workspace);
        }
        return entry.max() == null ? NO_QUOTA : CompletableFuture.completedFuture(entry.max());
    }

    /**
     * Puts in a quota this node's API just stored, so that the next connect here honours it at once.
     *
     * @param workspace      the workspace
     * @param maxConnections its quota, null for none
     */
    public void changed(String workspace, Integer maxConnections) {
        entries.put(workspace, new Entry(maxConnections, nanoClock.getAsLong()));
    }

    private CompletableFuture<Integer> load(String workspace) {
        CompletableFuture<Integer> started = new CompletableFuture<>();
        CompletableFuture<Integer> running = loading.putIfAbsent(workspace, started);
        if (running != null) {
            return running;
        }
        long readAt = nanoClock.getAsLong();
        Entry known = entries.get(workspace);
        Integer fallback = known == null ? null : known.max();
        try {
            executor.execute(() -> read(workspace, readAt, started));
        } catch (RuntimeException e) {
            LOG.warn("the connection quota of workspace {} cannot be read: {}", workspace, e.toString());
            loading.remove(workspace, started);
            started.complete(fallback);
        }
        return started.completeOnTimeout(fallback, LOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void read(String workspace, long readAt, CompletableFuture<Integer> result) {
        Integer max = null;
        boolean read = false;
        try {
            max = loader.apply(workspace);
            read = true;
        } catch (RuntimeException e) {
            LOG.warn("the connection quota of workspace {} cannot be read, none applies until it can: {}",
                    workspace, e.toString());
        }
        if (read) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            Integer value = max;
            // a change put in by changed() after this read started is newer: keep it
            entries.compute(workspace, (w, old) -> old != null && old.readAt() - readAt > 0 ? old
                    : new Entry(value, readAt));
        }
        loading.remove(workspace, result);
        Entry now = entries.get(workspace);
        result.complete(now == null ? null : now.max());
    }
}
