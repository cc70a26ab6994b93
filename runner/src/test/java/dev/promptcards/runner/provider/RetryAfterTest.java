package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void delay_seconds_are_read_as_seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(3)), RetryAfter.parse("3", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
    }

    @Test
    void an_http_date_is_the_time_until_then_and_a_past_one_is_no_wait() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Sun, 01 Mar 2026 12:01:30 GMT", NOW));
        assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 01 Mar 2026 11:59:00 GMT", NOW));
    }

    @Test
    void values_that_are_neither_are_ignored() {
        assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("1.5", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("", NOW));
        assertEquals(Optional.empty(), RetryAfter.parse("99999999999999999999999", NOW));
    }

    @Test
    void retry_after_ms_is_read_first_and_retry_after_otherwise() {
        assertEquals(Optional.of(Duration.ofMillis(1500)),
                RetryAfter.of(headers(Map.of("retry-after-ms", "1500", "retry-after", "2")), NOW));
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                RetryAfter.of(headers(Map.of("Retry-After", "2")), NOW));
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                RetryAfter.of(headers(Map.of("retry-after-ms", "later", "retry-after", "2")), NOW));
        assertEquals(Optional.empty(), RetryAfter.of(headers(Map.of()), NOW));
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> map = new java.util.HashMap<>();
        values.forEach((name, value) -> map.put(name, List.of(value)));
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
