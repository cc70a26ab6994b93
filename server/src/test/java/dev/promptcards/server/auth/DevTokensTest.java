package dev.promptcards.server.auth;

import dev.promptcards.server.testing.MutableClock;
import static dev.promptcards.server.auth.TestTokens.NOW;
import static dev.promptcards.server.auth.TestTokens.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DevTokensTest {

    private final MutableClock clock = new MutableClock(NOW);
    private final DevTokens devTokens = new DevTokens(new SecureRandom(), clock);

    @Test
    void minted_token_verifies_as_an_editor_of_every_card() throws AuthException {
        String token = devTokens.mint("dev", "local", Role.EDITOR, Duration.ofHours(12));

        Grant grant = devTokens.verifier().verify(token);

        assertEquals(new Grant("dev", "local", Set.of(), true, Role.EDITOR, NOW.plus(Duration.ofHours(12))), grant);
        assertTrue(grant.allows("local", "any-card"));
        assertFalse(grant.allows("elsewhere", "any-card"));
    }

    @Test
    void minted_viewer_token_for_some_cards_verifies() throws AuthException {
        String token = devTokens.mint("bob", "local", Set.of("c1"), Role.VIEWER, Duration.ofMinutes(5));

        Grant grant = devTokens.verifier().verify(token);

        assertEquals(new Grant("bob", "local", Set.of("c1"), false, Role.VIEWER, NOW.plusSeconds(300)), grant);
        assertTrue(grant.readOnly());
    }

    @Test
    void minted_token_expires_after_its_ttl_and_the_clock_skew() throws AuthException {
        String token = devTokens.mint("dev", "local", Role.EDITOR, Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(89));
        assertEquals("dev", devTokens.verifier().verify(token).subject());

        clock.advance(Duration.ofSeconds(1));
        assertRefused(devTokens.verifier(), token, 4401, "token expired");
    }

    @Test
    void token_of_another_process_has_a_bad_signature() {
        String foreign = new DevTokens().mint("dev", "local", Role.EDITOR, Duration.ofHours(1));

        assertRefused(new DevTokens().verifier(), foreign, 4401, "bad signature");
    }

    @Test
    void non_positive_ttl_is_refused() {
        assertThrows(IllegalArgumentException.class,
                () -> devTokens.mint("dev", "local", Role.EDITOR, Duration.ZERO));
    }

    @Test
    void to_string_hides_the_secret() {
        assertEquals("DevTokens[HS256, secret hidden]", devTokens.toString());
    }
}
