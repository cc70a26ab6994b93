package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloodDetectorTest {

    private static final long SECOND = 1_000_000_000L;

    /** Sends {@code frames} frames spread over the second starting at {@code start}; true if one reported. */
    private static boolean second(FloodDetector detector, long start, int frames) {
        boolean flooded = false;
        for (int i = 0; i < frames; i++) {
            flooded |= detector.frameAt(start + i * (SECOND / frames));
        }
        return flooded;
    }

    @Test
    void seconds_over_the_threshold_for_the_whole_close_after_time_are_a_flood() {
        FloodDetector detector = new FloodDetector(100, 3 * SECOND, 0);
        assertFalse(second(detector, 0, 101));
        assertFalse(second(detector, SECOND, 101));
        assertFalse(second(detector, 2 * SECOND, 101));
        assertTrue(second(detector, 3 * SECOND, 1));
    }

    @Test
    void a_second_at_the_threshold_starts_over() {
        FloodDetector detector = new FloodDetector(100, 2 * SECOND, 0);
        assertFalse(second(detector, 0, 101));
        assertFalse(second(detector, SECOND, 100));
        assertFalse(second(detector, 2 * SECOND, 101));
        assertFalse(second(detector, 3 * SECOND, 101));
        assertTrue(second(detector, 4 * SECOND, 1));
    }

    @Test
    void a_silent_second_starts_over() {
        FloodDetector detector = new FloodDetector(100, 2 * SECOND, 0);
        assertFalse(second(detector, 0, 101));
        assertFalse(second(detector, 2 * SECOND + SECOND / 2, 101));
        assertFalse(second(detector, 3 * SECOND + SECOND / 2, 101));
    }

    @Test
    void a_zero_close_after_never_reports() {
        FloodDetector detector = new FloodDetector(1, 0, 0);
        for (int s = 0; s < 10; s++) {
            assertFalse(second(detector, s * SECOND, 50));
        }
    }
}
