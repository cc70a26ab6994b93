package dev.promptcards.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
}
