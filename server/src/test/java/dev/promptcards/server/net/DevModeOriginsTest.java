package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DevModeOriginsTest {

    @Test
    void loopback_hosts_are_localhost_127_slash_8_and_ipv6_one_with_or_without_a_port() {
        for (String host : new String[] {"localhost", "localhost:8080", "LOCALHOST:1", "127.0.0.1", "127.0.0.1:8080",
                "127.1.2.3:80", "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]:8080"}) {
            assertTrue(DevModeOrigins.isLoopbackHost(host), host);
        }
    }

    @Test
    void other_names_and_malformed_hosts_are_not_loopback() {
        for (String host : new String[] {"evil.example", "evil.example:8080", "localhost.evil.example",
                "127.0.0.1.evil.example", "128.0.0.1", "10.0.0.1:8080", "[::2]:8080", "[::1", "[::1]x",
                "localhost:http", "localhost:123456", "", "0x7f.1", "2130706433", "127.1", "::1", null}) {
            assertFalse(DevModeOrigins.isLoopbackHost(host), String.valueOf(host));
        }
    }

    @Test
    void an_absent_origin_or_one_on_a_loopback_host_is_allowed() {
        assertTrue(DevModeOrigins.isAllowedOrigin(null), "not a browser");
        for (String origin : new String[] {"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080",
                "http://localhost", "https://localhost:8443", "http://127.0.0.1:3000", "HTTP://LOCALHOST:1"}) {
            assertTrue(DevModeOrigins.isAllowedOrigin(origin), origin);
        }
    }

    @Test
    void foreign_origins_and_what_is_not_an_origin_are_refused() {
        for (String origin : new String[] {"http://evil.example:8080", "http://localhost.evil.example",
                "https://10.0.0.1", "null", "file://", "ws://localhost:8080", "http://localhost:8080/path",
                "http://user@localhost:8080", "http://localhost:8080?x", "not a url", ""}) {
            assertFalse(DevModeOrigins.isAllowedOrigin(origin), origin);
        }
    }
}
