package dev.promptcards.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GrantTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    private final Grant someCards = new Grant("alice", "acme", Set.of("c1", "c2"), false, Role.EDITOR, EXPIRES);
    private final Grant allCards = new Grant("alice", "acme", Set.of(), true, Role.VIEWER, EXPIRES);

    @Test
    void allows_a_listed_card_of_its_workspace() {
        assertTrue(someCards.allows("acme", "c1"));
        assertTrue(someCards.allows("acme", "c2"));
    }

    @Test
    void refuses_an_unlisted_card() {
        assertFalse(someCards.allows("acme", "c3"));
        assertFalse(someCards.allows("acme", "C1"));
    }

    @Test
    void refuses_another_workspace_even_for_a_listed_card() {
        assertFalse(someCards.allows("other", "c1"));
        assertFalse(someCards.allows("Acme", "c1"));
        assertFalse(allCards.allows("other", "c1"));
    }

    @Test
    void all_cards_allows_every_card_of_its_workspace() {
        assertTrue(allCards.allows("acme", "c1"));
        assertTrue(allCards.allows("acme", "anything"));
    }

    @Test
    void null_workspace_or_card_is_never_allowed() {
        assertFalse(allCards.allows(null, "c1"));
        assertFalse(allCards.allows("acme", null));
    }

    @Test
    void read_only_means_viewer() {
        assertFalse(someCards.readOnly());
        assertTrue(allCards.readOnly());
    }

    @Test
    void require_allowed_refuses_with_4403_and_says_what_is_wrong() throws AuthException {
        someCards.requireAllowed("acme", "c1");

        AuthException workspace = assertThrows(AuthException.class, () -> someCards.requireAllowed("other", "c1"));
        AuthException card = assertThrows(AuthException.class, () -> someCards.requireAllowed("acme", "c3"));

        assertEquals(4403, workspace.closeCode());
        assertEquals("token not valid for this workspace", workspace.reason());
        assertEquals(4403, card.closeCode());
        assertEquals("token not valid for this card", card.reason());
    }

    @Test
    void cards_are_an_unmodifiable_copy() {
        Set<String> cards = new HashSet<>(Set.of("c1"));
        Grant grant = new Grant("alice", "acme", cards, false, Role.EDITOR, EXPIRES);
        cards.add("c2");

        assertFalse(grant.allows("acme", "c2"));
        assertThrows(UnsupportedOperationException.class, () -> grant.cards().add("c3"));
    }

    @Test
    void role_claims_are_exact() {
        assertEquals("editor", Role.EDITOR.claim());
        assertEquals("viewer", Role.VIEWER.claim());
        assertEquals(Role.VIEWER, Role.fromClaim("viewer").orElseThrow());
        assertTrue(Role.fromClaim("VIEWER").isEmpty());
        assertTrue(Role.fromClaim(null).isEmpty());
    }
}
