package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.CardKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CardPathTest {

    @Test
    void a_card_path_names_workspace_and_card() {
        assertEquals(Optional.of(new CardKey("acme", "card-1.v2_x")), CardPath.parse("/ws/acme/card-1.v2_x"));
    }

    @Test
    void anything_else_under_ws_is_no_card() {
        for (String path : new String[] {"/ws", "/ws/", "/ws/acme", "/ws/acme/", "/ws/acme/c/d", "/ws//c",
                "/ws/acme/c%31", "/ws/./c", "/ws/acme/..", "/ws/acme/a b", "/wsx/acme/c",
                "/ws/acme/" + "c".repeat(129)}) {
            assertEquals(Optional.empty(), CardPath.parse(path), path);
        }
    }

    @Test
    void the_upgrade_handler_answers_every_path_under_ws() {
        assertTrue(CardPath.isWebSocketPath("/ws"));
        assertTrue(CardPath.isWebSocketPath("/ws/anything/at/all"));
        assertFalse(CardPath.isWebSocketPath("/wsx"));
        assertFalse(CardPath.isWebSocketPath("/"));
    }
}
