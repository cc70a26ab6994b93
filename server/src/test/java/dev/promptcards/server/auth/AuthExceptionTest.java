package dev.promptcards.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthExceptionTest {

    @Test
    void unauthorized_is_4401_and_forbidden_is_4403() {
        assertEquals(4401, AuthException.unauthorized("token expired").closeCode());
        assertEquals(4403, AuthException.forbidden("token not valid for this card").closeCode());
        assertEquals("token expired", AuthException.unauthorized("token expired").reason());
        assertEquals("token expired", AuthException.unauthorized("token expired").getMessage());
    }

    @Test
    void other_close_codes_are_refused() {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> new AuthException(1008, "policy"));

        assertEquals("close code must be 4401 or 4403: 1008", refused.getMessage());
    }

    @Test
    void long_reason_is_cut_to_120_bytes() {
        String reason = AuthException.unauthorized("malformed token: " + "x".repeat(200)).reason();

        assertEquals(120, reason.getBytes(StandardCharsets.UTF_8).length);
        assertEquals("malformed token: " + "x".repeat(103), reason);
    }

    @Test
    void non_ascii_and_control_characters_are_replaced() {
        String reason = AuthException.unauthorized("bad\nvalue \u00e9\u20ac").reason();

        assertEquals("bad?value ??", reason);
    }

    @Test
    void empty_reason_becomes_unauthorized() {
        assertEquals("unauthorized", AuthException.unauthorized("").reason());
    }
}
