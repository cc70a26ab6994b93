package dev.promptcards.server.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void defaults_are_those_of_issue_3() {
        Limits limits = Limits.defaults();

        assertEquals(4 * 1024 * 1024, limits.maxFrameBytes());
        assertEquals(32L * 1024 * 1024, limits.maxCardBytes());
        assertEquals(300, limits.messagesPerSecond());
        assertEquals(600, limits.messageBurst());
        assertEquals(16L * 1024 * 1024, limits.maxOutboundBytes());
        assertEquals(Duration.ofSeconds(10), limits.handshakeTimeout());
        assertEquals(10_000, limits.maxRooms());
        assertEquals(10_000, limits.maxConnections());
        assertEquals(Duration.ofSeconds(30), limits.roomUnloadGrace());
        assertEquals(10_000, limits.maxAwarenessClients());
    }

    @Test
    void each_value_can_be_changed_alone() {
        Limits limits = Limits.defaults().withMaxFrameBytes(1).withMaxCardBytes(2).withMessageRate(3, 4)
                .withMaxOutboundBytes(5).withHandshakeTimeout(Duration.ofMillis(6)).withMaxRooms(7)
                .withMaxConnections(8).withRoomUnloadGrace(Duration.ZERO).withMaxAwarenessClients(9);

        assertEquals(new Limits(1, 2, 3, 4, 5, Duration.ofMillis(6), 7, 8, Duration.ZERO, 9), limits);
    }

    @Test
    void values_out_of_range_are_refused_by_name() {
        assertEquals("maxFrameBytes must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxFrameBytes(0))
                        .getMessage());
        assertEquals("maxCardBytes must be at least 1, got -1",
                assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxCardBytes(-1))
                        .getMessage());
        assertEquals("messageBurst must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMessageRate(1, 0))
                        .getMessage());
        assertEquals("maxRooms must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxRooms(0))
                        .getMessage());
        assertEquals("handshakeTimeout must be positive, got PT0S",
                assertThrows(IllegalArgumentException.class,
                        () -> Limits.defaults().withHandshakeTimeout(Duration.ZERO)).getMessage());
        assertEquals("roomUnloadGrace must not be negative, got PT-1S",
                assertThrows(IllegalArgumentException.class,
                        () -> Limits.defaults().withRoomUnloadGrace(Duration.ofSeconds(-1))).getMessage());
        assertThrows(NullPointerException.class, () -> Limits.defaults().withRoomUnloadGrace(null));
        assertEquals("maxAwarenessClients must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxAwarenessClients(0))
                        .getMessage());
    }
}
