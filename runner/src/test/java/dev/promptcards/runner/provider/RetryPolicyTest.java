package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void the_backoff_doubles_from_half_a_second_up_to_eight() {
        assertEquals(Duration.ofMillis(500), policy.delay(1, Optional.empty(), 0));
        assertEquals(Duration.ofMillis(1000), policy.delay(2, Optional.empty(), 0));
        assertEquals(Duration.ofMillis(2000), policy.delay(3, Optional.empty(), 0));
        assertEquals(Duration.ofSeconds(8), policy.delay(5, Optional.empty(), 0));
        assertEquals(Duration.ofSeconds(8), policy.delay(60, Optional.empty(), 0));
    }

    @Test
    void jitter_shortens_the_backoff_by_at_most_a_quarter() {
        assertEquals(Duration.ofMillis(875), policy.delay(2, Optional.empty(), 0.5));
        assertEquals(Duration.ofMillis(750), policy.delay(2, Optional.empty(), 1.0));
    }

    @Test
    void a_retry_after_is_waited_exactly_up_to_a_minute() {
        assertEquals(Duration.ofSeconds(5), policy.delay(1, Optional.of(Duration.ofSeconds(5)), 0.9));
        assertEquals(Duration.ZERO, policy.delay(3, Optional.of(Duration.ZERO), 0.9));
        assertEquals(Duration.ofSeconds(60), policy.delay(1, Optional.of(Duration.ofMinutes(10)), 0));
    }

    @Test
    void rate_limits_and_server_errors_are_retried_client_errors_are_not() {
        assertTrue(RetryPolicy.retryable(429));
        assertTrue(RetryPolicy.retryable(500));
        assertTrue(RetryPolicy.retryable(503));
        assertTrue(RetryPolicy.retryable(529));
        assertFalse(RetryPolicy.retryable(400));
        assertFalse(RetryPolicy.retryable(401));
        assertFalse(RetryPolicy.retryable(404));
        assertEquals(4, policy.maxAttempts());
    }

    @Test
    void a_policy_needs_an_attempt_and_no_negative_wait() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(1, Duration.ofMillis(-1), Duration.ZERO, Duration.ZERO));
    }
}
