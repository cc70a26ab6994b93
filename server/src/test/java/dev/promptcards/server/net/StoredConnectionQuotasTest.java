package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache of stored connection quotas: reads off the caller's thread, refreshes, a PATCH wins. */
class StoredConnectionQuotasTest {

    private final Map<String, Integer> stored = new ConcurrentHashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final AtomicLong nanos = new AtomicLong();
    private final StoredConnectionQuotas quotas = new StoredConnectionQuotas(workspace -> {
        reads.add(workspace);
        if ("broken".equals(workspace)) {
            throw new IllegalStateException("database away");
        }
        return stored.get(workspace);
    }, pending::add, Duration.ofSeconds(5), nanos::get);

    private void runReads() {
        while (!pending.isEmpty()) {
            pending.poll().run();
        }
    }

    @Test
    void a_first_connect_waits_for_the_read_and_later_ones_are_served_from_the_cache() {
        stored.put("acme", 2);

        CompletableFuture<Integer> first = quotas.maxConnections("acme");
        CompletableFuture<Integer> meanwhile = quotas.maxConnections("acme");
        assertFalse(first.isDone());
        runReads();

        assertEquals(2, first.join());
        assertEquals(2, meanwhile.join());
        assertEquals(2, quotas.maxConnections("acme").getNow(-1));
        assertEquals(List.of("acme"), reads);
        assertTrue(pending.isEmpty());
    }

    @Test
    void a_value_older_than_the_refresh_is_served_while_it_is_read_again() {
        stored.put("acme", 2);
        quotas.maxConnections("acme");
        runReads();
        stored.put("acme", 7);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertEquals(2, quotas.maxConnections("acme").getNow(-1));
        runReads();

        assertEquals(7, quotas.maxConnections("acme").getNow(-1));
        assertEquals(List.of("acme", "acme"), reads);
    }

    @Test
    void a_change_through_this_node_applies_at_once_and_a_read_started_before_it_does_not_undo_it() {
        stored.put("acme", 2);
        quotas.maxConnections("acme");
        runReads();
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        quotas.maxConnections("acme");
        nanos.addAndGet(1);

        quotas.changed("acme", 9);
        runReads();

        assertEquals(9, quotas.maxConnections("acme").getNow(-1));
    }

    @Test
    void a_read_that_fails_counts_as_no_quota() {
        CompletableFuture<Integer> connect = quotas.maxConnections("broken");
        runReads();

        assertNull(connect.join());
    }

    @Test
    void a_server_without_stored_quotas_answers_none_at_once() {
        assertNull(StoredConnectionQuotas.none().maxConnections("acme").getNow(-1));
    }
}
