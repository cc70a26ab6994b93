package dev.promptcards.runner.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed completion is tried again: after 429 or 5xx and before its first token, at most
 * {@code maxAttempts} times in all, waiting what the provider's {@code Retry-After} asks (up to
 * {@code maxRetryAfter}) or else an exponential backoff from {@code firstDelay}, doubling, at most
 * {@code maxDelay}, shortened by up to a quarter at random so that many runs do not come back at once.
 * The defaults are those of the OpenAI and Anthropic Python SDKs (_base_client.py
 * _calculate_retry_timeout: 0.5 s doubling to 8 s, jitter 1 - 0.25 * random, Retry-After honoured up
 * to 60 s), with one more attempt than their default of two retries.
 *
 * @param maxAttempts   attempts in all, the first included, at least 1
 * @param firstDelay    the backoff before the second attempt
 * @param maxDelay      the longest backoff
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one is cut to this
 */
record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxDelay, Duration maxRetryAfter) {

    /** Four attempts, 0.5 s doubling to 8 s, Retry-After up to 60 s. */
    static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8),
            Duration.ofSeconds(60));

    RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (firstDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("negative delay in " + this);
        }
    }

    /** Whether an answer with this HTTP status is worth another attempt. */
    static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /**
     * The wait before the next attempt.
     *
     * @param failedAttempts attempts made so far, at least 1
     * @param retryAfter     what the provider asked, if it did
     * @param random         a number in [0, 1) for the jitter
     */
    Duration delay(int failedAttempts, Optional<Duration> retryAfter, double random) {
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
        }
        long nanos = firstDelay.toNanos();
        for (int attempt = 1; attempt < failedAttempts && nanos < maxDelay.toNanos(); attempt++) {
            nanos *= 2;
        }
        nanos = Math.min(nanos, maxDelay.toNanos());
        return Duration.ofNanos((long) (nanos * (1 - 0.25 * random)));
    }
}
