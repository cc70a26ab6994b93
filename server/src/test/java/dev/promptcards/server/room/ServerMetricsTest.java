package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ServerMetricsTest {

    @Test
    void a_limit_hit_is_counted_by_limit_and_logged_once_naming_connection_and_card() {
        ServerMetrics metrics = new ServerMetrics();
        Logger logger = (Logger) LoggerFactory.getLogger(ServerMetrics.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            metrics.limitExceeded("message_rate", "conn-7", "acme/card-1");
            metrics.limitExceeded("message_rate", "conn-8", "acme/card-1");
            metrics.limitExceeded("frame_size", "conn-9", "acme/card-2", "frame 5000000 bytes > 4194304");
        } finally {
            logger.detachAppender(log);
        }

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"message_rate\"} 2.0"), scrape);
        assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"frame_size\"} 1.0"), scrape);
        assertEquals(3, log.list.size());
        assertEquals(Level.WARN, log.list.get(0).getLevel());
        assertEquals("limit message_rate exceeded: connection conn-7 card acme/card-1",
                log.list.get(0).getFormattedMessage());
        assertEquals("limit frame_size exceeded: connection conn-9 card acme/card-2: frame 5000000 bytes > 4194304",
                log.list.get(2).getFormattedMessage());
    }

    @Test
    void connections_and_rooms_are_gauges_and_traffic_counters() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.connectionOpened();
        metrics.connectionOpened();
        metrics.connectionClosed();
        metrics.roomLoaded();
        metrics.messagesIn(3, 120);
        metrics.messagesOut(4, 10);

        String scrape = metrics.scrape();
        assertEquals(1, metrics.connections());
        assertTrue(scrape.contains("promptcards_connections 1.0"), scrape);
        assertTrue(scrape.contains("promptcards_connections_opened_total 2.0"), scrape);
        assertTrue(scrape.contains("promptcards_rooms 1.0"), scrape);
        assertTrue(scrape.contains("promptcards_messages_in_total 3.0"), scrape);
        assertTrue(scrape.contains("promptcards_bytes_in_total 120.0"), scrape);
        assertTrue(scrape.contains("promptcards_messages_out_total 4.0"), scrape);
        assertTrue(scrape.contains("promptcards_bytes_out_total 40.0"), scrape);
    }

    @Test
    void every_limit_is_counted_at_zero_from_the_start() {
        String scrape = new ServerMetrics().scrape();

        for (String limit : LimitNames.ALL) {
            assertTrue(scrape.contains("promptcards_limit_exceeded_total{limit=\"" + limit + "\"} 0.0\n"),
                    limit + "\n" + scrape);
        }
        assertTrue(LimitNames.ALL.containsAll(List.of("frame_size", "card_size", "awareness_clients",
                "message_rate", "outbound_bytes", "handshake_timeout", "rooms", "connections", "storage_backlog")));
    }

    @Test
    void a_limit_name_not_known_in_advance_is_still_counted() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.limitExceeded("something_new", "conn-1", "acme/card");

        assertTrue(metrics.scrape().contains("promptcards_limit_exceeded_total{limit=\"something_new\"} 1.0\n"),
                metrics.scrape());
    }

    @Test
    void refusals_are_counted_by_close_code_the_known_ones_from_zero() {
        ServerMetrics metrics = new ServerMetrics();
        String fresh = metrics.scrape();

        metrics.connectionRefused(CloseCodes.BAD_TOKEN);
        metrics.connectionRefused(CloseCodes.BAD_TOKEN);
        metrics.connectionRefused(CloseCodes.TRY_AGAIN_LATER);

        for (String code : new String[] {"4401", "4403", "1013", "1001", "1011"}) {
            assertTrue(fresh.contains("promptcards_connections_refused_total{code=\"" + code + "\"} 0.0\n"), fresh);
        }
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"4401\"} 2.0\n"), scrape);
        assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"1013\"} 1.0\n"), scrape);
        assertTrue(scrape.contains("promptcards_connections_refused_total{code=\"4403\"} 0.0\n"), scrape);
    }

    @Test
    void closes_the_server_initiates_are_counted_by_close_code() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.connectionClosedBy(CloseCodes.GOING_AWAY);
        metrics.connectionClosedBy(CloseCodes.GOING_AWAY);
        metrics.connectionClosedBy(CloseCodes.TOO_BIG);

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_connections_closed_total{code=\"1001\"} 2.0\n"), scrape);
        assertTrue(scrape.contains("promptcards_connections_closed_total{code=\"4413\"} 1.0\n"), scrape);
    }

    @Test
    void a_storage_commit_is_timed_when_it_completes_and_a_failed_one_is_not() {
        ServerMetrics metrics = new ServerMetrics();
        CompletableFuture<Void> committed = new CompletableFuture<>();
        CompletableFuture<Void> failed = new CompletableFuture<>();

        assertSame(committed, metrics.timeStorageCommit(committed));
        assertSame(failed, metrics.timeStorageCommit(failed));
        assertTrue(metrics.scrape().contains("promptcards_storage_commit_seconds_count 0\n"), metrics.scrape());
        committed.complete(null);
        failed.completeExceptionally(new IllegalStateException("database gone"));

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_storage_commit_seconds_count 1\n"), scrape);
        assertTrue(scrape.contains("promptcards_storage_commit_seconds_bucket{le=\"0.01\"} "), scrape);
        assertTrue(scrape.contains("promptcards_storage_commit_seconds_bucket{le=\"60.0\"} 1\n"), scrape);
    }

    @Test
    void a_fan_out_is_recorded_in_its_histogram() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.fanout(50_000);

        String scrape = metrics.scrape();
        assertTrue(scrape.contains("promptcards_fanout_seconds_count 1\n"), scrape);
        assertTrue(scrape.contains("promptcards_fanout_seconds_sum 5.0E-5\n"), scrape);
        assertTrue(scrape.contains("promptcards_fanout_seconds_bucket{le=\"1.0E-4\"} 1\n"), scrape);
        assertTrue(scrape.contains("promptcards_fanout_seconds_bucket{le=\"1.0E-6\"} 0\n"), scrape);
    }

    @Test
    void the_storage_backlog_gauges_follow_what_waits_for_the_database() {
        ServerMetrics metrics = new ServerMetrics();
        String fresh = metrics.scrape();

        metrics.storageBacklogChanged(3, 1200);
        metrics.storageBacklogChanged(-1, -200);
        String waiting = metrics.scrape();

        assertTrue(fresh.contains("promptcards_storage_backlog_updates 0.0\n"), fresh);
        assertTrue(waiting.contains("promptcards_storage_backlog_updates 2.0\n"), waiting);
        assertTrue(waiting.contains("promptcards_storage_backlog_bytes 1000.0\n"), waiting);
    }

    @Test
    void the_readiness_gauge_is_1_while_ready_and_0_otherwise() {
        ServerMetrics metrics = new ServerMetrics();
        AtomicBoolean ready = new AtomicBoolean();
        assertFalse(metrics.scrape().contains("promptcards_ready"), metrics.scrape());

        metrics.readiness(ready::get);
        String notReady = metrics.scrape();
        ready.set(true);
        String isReady = metrics.scrape();

        assertTrue(notReady.contains("promptcards_ready 0.0\n"), notReady);
        assertTrue(isReady.contains("promptcards_ready 1.0\n"), isReady);
    }
}
