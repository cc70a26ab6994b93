package dev.promptcards.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

    @Test
    void sizes_are_bytes_or_binary_units() {
        assertEquals(65536, SettingValues.parseBytes("65536"));
        assertEquals(65536, SettingValues.parseBytes("65536B"));
        assertEquals(64 * 1024, SettingValues.parseBytes("64KiB"));
        assertEquals(4L << 20, SettingValues.parseBytes("4MiB"));
        assertEquals(4L << 20, SettingValues.parseBytes(" 4 MiB "));
        assertEquals(2L << 30, SettingValues.parseBytes("2GiB"));
    }

    @Test
    void sizes_refuse_decimal_units_fractions_zero_and_overflow() {
        assertEquals("'4MB' is not a size: give bytes (65536) or a whole number of KiB, MiB or GiB"
                        + " (64KiB, 4MiB)",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseBytes("4MB"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingValues.parseBytes("1.5MiB"));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.parseBytes("-1"));
        assertEquals("'0' must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseBytes("0"))
                        .getMessage());
        assertEquals("'9999999999999GiB' is too large",
                assertThrows(IllegalArgumentException.class,
                        () -> SettingValues.parseBytes("9999999999999GiB")).getMessage());
        assertEquals("'99999999999999999999' is too large",
                assertThrows(IllegalArgumentException.class,
                        () -> SettingValues.parseBytes("99999999999999999999")).getMessage());
    }

    @Test
    void durations_are_units_or_iso_8601() {
        assertEquals(Duration.ofMillis(500), SettingValues.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(10), SettingValues.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(2), SettingValues.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), SettingValues.parseDuration("1h"));
        assertEquals(Duration.ofSeconds(90), SettingValues.parseDuration("PT1M30S"));
        assertEquals(Duration.ofSeconds(3), SettingValues.parseDuration("pt3s"));
    }

    @Test
    void durations_must_be_longer_than_zero_and_have_a_unit() {
        assertEquals("'0s' must be longer than zero",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseDuration("0s"))
                        .getMessage());
        assertEquals("'10' is not a duration: give a whole number of ms, s, m or h (500ms, 10s, 2m)"
                        + " or an ISO-8601 duration (PT10S)",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseDuration("10"))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingValues.parseDuration("PT-5S"));
        assertEquals("'9999999999999999h' is too large",
                assertThrows(IllegalArgumentException.class,
                        () -> SettingValues.parseDuration("9999999999999999h")).getMessage());
    }

    @Test
    void counts_are_positive_ints() {
        assertEquals(10_000, SettingValues.parseCount("10000"));
        assertEquals("'0' must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseCount("0"))
                        .getMessage());
        assertEquals("'3000000000' is too large (at most 2147483647)",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseCount("3000000000"))
                        .getMessage());
        assertEquals("'1e3' is not a whole number",
                assertThrows(IllegalArgumentException.class, () -> SettingValues.parseCount("1e3"))
                        .getMessage());
    }

    @Test
    void formatting_uses_the_largest_unit_that_divides() {
        assertEquals("4MiB", SettingValues.formatBytes(4L << 20));
        assertEquals("1536KiB", SettingValues.formatBytes(1536 * 1024));
        assertEquals("1000", SettingValues.formatBytes(1000));
        assertEquals("10s", SettingValues.formatDuration(Duration.ofSeconds(10)));
        assertEquals("1500ms", SettingValues.formatDuration(Duration.ofMillis(1500)));
        assertEquals("2m", SettingValues.formatDuration(Duration.ofSeconds(120)));
        assertEquals("720h", SettingValues.formatDuration(Duration.ofDays(30)));
    }

    @Test
    void what_is_formatted_parses_back() {
        for (long bytes : new long[] {1, 1000, 4L << 20, 1536 * 1024, 3L << 30}) {
            assertEquals(bytes, SettingValues.parseBytes(SettingValues.formatBytes(bytes)));
        }
        for (Duration duration : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofDays(2)}) {
            assertEquals(duration, SettingValues.parseDuration(SettingValues.formatDuration(duration)));
        }
    }
}
