package dev.promptcards.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CardKeyTest {

    @Test
    void a_key_is_named_workspace_slash_card() {
        assertEquals("acme/card_1.v2-x", new CardKey("acme", "card_1.v2-x").toString());
    }

    @Test
    void ids_are_1_to_128_characters_of_letters_digits_dot_underscore_dash() {
        assertTrue(CardKey.isValidId("a"));
        assertTrue(CardKey.isValidId("x".repeat(128)));
        assertFalse(CardKey.isValidId("x".repeat(129)));
        assertFalse(CardKey.isValidId(""));
        assertFalse(CardKey.isValidId(null));
        assertFalse(CardKey.isValidId("a/b"));
        assertFalse(CardKey.isValidId("a b"));
        assertFalse(CardKey.isValidId("caf\u00e9"));
        assertFalse(CardKey.isValidId("a%2F"));
    }

    @Test
    void an_invalid_key_is_refused() {
        assertEquals("card id must be 1 to 128 characters of [A-Za-z0-9._-]",
                assertThrows(IllegalArgumentException.class, () -> new CardKey("acme", "../x")).getMessage());
        assertEquals("workspace id must be 1 to 128 characters of [A-Za-z0-9._-]",
                assertThrows(IllegalArgumentException.class, () -> new CardKey("", "x")).getMessage());
        assertThrows(NullPointerException.class, () -> new CardKey("acme", null));
    }
}
