package dev.promptcards.presence.bus.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisBusSettingsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://:s3cret@redis.example:6379|must start with redis:// or rediss://, not http://",
        "//:s3cret@redis.example:6379|must start with redis:// or rediss://, not no scheme",
        "redis://:s3cret@|names no host",
        "redis://:s3cret@redis.example:99999|port must be 1 to 65535",
        "redis://:s3cret@redis.example/zero|path must be a database number",
        "redis://:s3cret@bad host:6379|is not a valid URL",
        "redis:///0|names no host",
    })
    void a_url_that_is_not_a_redis_url_is_refused_naming_the_problem_but_not_the_password(String url,
            String expected) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RedisBusSettings.of(url, "node-1"));

        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertFalse(error.getMessage().contains("s3cret"), error.getMessage());
    }

    @Test
    void the_password_is_redacted_wherever_the_settings_are_shown() {
        RedisBusSettings settings = RedisBusSettings.of("rediss://user:s3cret@redis.example:6380/2", "node-1");

        assertEquals("rediss://user:***@redis.example:6380/2", settings.redactedUrl());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertEquals("redis.example:6380", settings.hostAndPort());
        assertEquals("Unable to connect: *** refused", settings.scrub("Unable to connect: s3cret refused"));
    }

    @Test
    void a_password_without_a_user_is_redacted_too() {
        assertEquals("redis://***@h", RedisBusSettings.of("redis://s3cret@h", "n").redactedUrl());
        assertEquals("redis://:***@h", RedisBusSettings.of("redis://:s3cret@h", "n").redactedUrl());
        assertEquals("redis://h:6379", RedisBusSettings.of("redis://h:6379", "n").redactedUrl());
    }

    @Test
    void lettuce_gets_the_database_and_tls_of_the_url() {
        var uri = RedisBusSettings.of("rediss://:s3cret@redis.example:6380/3", "n").toRedisUri();

        assertEquals(3, uri.getDatabase());
        assertTrue(uri.isSsl());
        assertEquals(RedisBusSettings.DEFAULT_CONNECT_TIMEOUT, uri.getTimeout());
    }

    @Test
    void the_defaults_notice_a_dead_node_within_fifteen_seconds() {
        RedisBusSettings settings = RedisBusSettings.of("redis://127.0.0.1", "n");

        assertEquals(Duration.ofSeconds(2), settings.heartbeatPeriod());
        assertEquals(Duration.ofSeconds(10), settings.ttl());
        assertTrue(settings.ttl().plus(settings.heartbeatPeriod()).compareTo(Duration.ofSeconds(15)) <= 0);
        assertEquals("127.0.0.1:6379", settings.hostAndPort());
    }

    @Test
    void a_ttl_not_longer_than_the_period_or_a_bad_node_id_is_refused() {
        RedisBusSettings settings = RedisBusSettings.of("redis://127.0.0.1", "n");

        assertThrows(IllegalArgumentException.class,
                () -> settings.withHeartbeat(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withHeartbeat(Duration.ZERO, Duration.ofSeconds(2)));
        assertEquals("the node id must be 1 to 128 characters of [A-Za-z0-9._:-]",
                assertThrows(IllegalArgumentException.class,
                        () -> RedisBusSettings.of("redis://127.0.0.1", "node*")).getMessage());
    }
}
