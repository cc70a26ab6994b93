package dev.promptcards.presence.bus.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** What connect says when Redis is not there or refuses the password. */
class RedisBusConnectTest {

    @Test
    void an_unreachable_redis_fails_at_start_naming_host_port_and_cause_without_the_password() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "redis://:pw-unreachable-123@127.0.0.1:" + port;

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> RedisBus.connect(RedisBusSettings.of(url, "n1")));

        assertTrue(error.getMessage().startsWith("cannot use Redis at 127.0.0.1:" + port), error.getMessage());
        assertTrue(error.getMessage().contains("Connection refused"), error.getMessage());
        assertNoSecret(error, "pw-unreachable-123");
    }

    @Test
    void a_wrong_password_fails_at_start_saying_so_without_the_password_and_the_right_one_works() {
        try (TestRedis redis = TestRedis.createWithPassword("right-pw-456")) {
            String wrong = "redis://:wrong-pw-789@127.0.0.1:" + redis.port();

            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> RedisBus.connect(RedisBusSettings.of(wrong, "n1")));

            assertTrue(error.getMessage().startsWith("cannot use Redis at 127.0.0.1:" + redis.port()),
                    error.getMessage());
            assertTrue(error.getMessage().contains("WRONGPASS"), error.getMessage());
            assertNoSecret(error, "wrong-pw-789");
            try (RedisBus bus = RedisBus.connect(RedisBusSettings.of(redis.url(), "n2"))) {
                assertEquals(true, bus.status().connected());
                assertEquals(1, bus.status().liveNodes());
            }
        }
    }

    @Test
    void a_missing_password_fails_at_start_saying_authentication_is_required() {
        try (TestRedis redis = TestRedis.createWithPassword("right-pw-456")) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> RedisBus.connect(RedisBusSettings.of("redis://127.0.0.1:" + redis.port(), "n1")));

            assertTrue(error.getMessage().contains("NOAUTH"), error.getMessage());
        }
    }

    @Test
    void a_bad_url_fails_before_connecting() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RedisBus.connect(RedisBusSettings.of("redis-cluster://:pw-bad@h", "n1")));

        assertEquals("the Redis URL must start with redis:// or rediss://, not redis-cluster://", error.getMessage());
    }

    private static void assertNoSecret(Throwable error, String secret) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            assertFalse(String.valueOf(e.getMessage()).contains(secret), e.toString());
        }
    }
}
