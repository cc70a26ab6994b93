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
    void an_absent_origin_or_the_requests_own_loopback_origin_is_allowed() {
        assertTrue(DevModeOrigins.isAllowedOrigin(null, "evil.example:8080", false), "not a browser");
        assertTrue(DevModeOrigins.isAllowedOrigin("http://localhost:8080", "localhost:8080", false));
        assertTrue(DevModeOrigins.isAllowedOrigin("http://127.0.0.1:8080", "127.0.0.1:8080", false));
        assertTrue(DevModeOrigins.isAllowedOrigin("http://[::1]:8080", "[::1]:8080", false));
        assertTrue(DevModeOrigins.isAllowedOrigin("http://localhost", "localhost:80", false), "default port");
        assertTrue(DevModeOrigins.isAllowedOrigin("https://localhost:8443", "localhost:8443", true));
    }

    @Test
    void foreign_origins_other_loopback_origins_and_mismatched_schemes_are_refused() {
        assertFalse(DevModeOrigins.isAllowedOrigin("http://evil.example:8080", "localhost:8080", false));
        assertFalse(DevModeOrigins.isAllowedOrigin("http://evil.example:8080", "evil.example:8080", false),
                "DNS rebinding: same origin, not loopback");
        assertFalse(DevModeOrigins.isAllowedOrigin("http://localhost:3000", "localhost:8080", false), "another port");
        assertFalse(DevModeOrigins.isAllowedOrigin("http://127.0.0.1:8080", "localhost:8080", false),
                "another loopback name is another origin");
        assertFalse(DevModeOrigins.isAllowedOrigin("https://localhost:8080", "localhost:8080", false));
        assertFalse(DevModeOrigins.isAllowedOrigin("http://localhost:8080", "localhost:8080", true));
        assertFalse(DevModeOrigins.isAllowedOrigin("null", "localhost:8080", false), "sandboxed or file: pages");
        assertFalse(DevModeOrigins.isAllowedOrigin("http://localhost:8080/path", "localhost:8080", false));
        assertFalse(DevModeOrigins.isAllowedOrigin("http://user@localhost:8080", "localhost:8080", false));
        assertFalse(DevModeOrigins.isAllowedOrigin("http://localhost:8080", null, false));
        assertFalse(DevModeOrigins.isAllowedOrigin("not a url", "localhost:8080", false));
    }
}
