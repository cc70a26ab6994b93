package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    private int taken(TokenBucket bucket, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (bucket.tryTake()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void a_full_bucket_lets_the_burst_through_at_once() {
        TokenBucket bucket = new TokenBucket(300, 600, nanos::get);
        assertEquals(600, taken(bucket, 1000));
        assertFalse(bucket.tryTake());
    }

    @Test
    void it_refills_at_the_rate_and_never_beyond_the_burst() {
        TokenBucket bucket = new TokenBucket(10, 5, nanos::get);
        assertEquals(5, taken(bucket, 5));
        nanos.addAndGet(300_000_000L);
        assertEquals(3, taken(bucket, 10));
        nanos.addAndGet(60_000_000_000L);
        assertEquals(5, taken(bucket, 10));
    }

    @Test
    void fractions_of_a_token_add_up() {
        TokenBucket bucket = new TokenBucket(10, 1, nanos::get);
        assertTrue(bucket.tryTake());
        nanos.addAndGet(50_000_000L);
        assertFalse(bucket.tryTake());
        nanos.addAndGet(50_000_000L);
        assertTrue(bucket.tryTake());
    }

    @Test
    void rate_and_burst_must_be_positive() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, nanos::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, 0, nanos::get));
    }
}
