package dev.promptcards.presence;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.promptcards.presence.Updates.hex;
import static dev.promptcards.presence.Updates.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock rules of awareness.js applyAwarenessUpdate and removeAwarenessStates. The expected changes are
 * those of awareness.js's 'update' event (checked with {@code awareness-golden.mjs}, "rules_*"), except the
 * documented deviation: a state set again after its removal is reported as added, not updated.
 */
class AwarenessClockRulesTest {

    private static final long MAX_CLOCK = (1L << 53) - 1;

    private final Awareness awareness = new Awareness(() -> 1_000L);

    private static Awareness.Change added(Long... clients) {
        return new Awareness.Change(List.of(clients), List.of(), List.of());
    }

    private static Awareness.Change updated(Long... clients) {
        return new Awareness.Change(List.of(), List.of(clients), List.of());
    }

    private static Awareness.Change removed(Long... clients) {
        return new Awareness.Change(List.of(), List.of(), List.of(clients));
    }

    private static final Awareness.Change NOTHING = new Awareness.Change(List.of(), List.of(), List.of());

    @Test
    void first_state_of_an_unknown_client_at_clock_0_is_ignored() {
        // awareness.js: an unknown client counts as clock 0, and 0 < 0 is false
        assertEquals(NOTHING, awareness.applyUpdate(single(10, 0, "{\"a\":1}")));
        assertEquals(Set.of(), awareness.clientsWithState());
        assertThrows(IllegalArgumentException.class, () -> awareness.encodeUpdate(List.of(10L)));
    }

    @Test
    void null_state_of_an_unknown_client_records_its_clock_and_reports_nothing() {
        assertEquals(NOTHING, awareness.applyUpdate(single(11, 4, "null")));
        assertEquals(4, awareness.clock(11));
        assertEquals(Optional.empty(), awareness.stateJson(11));
        assertEquals("010b04046e756c6c", hex(awareness.encodeUpdate(List.of(11L))));
    }

    @Test
    void newer_clock_adds_a_state() {
        assertEquals(added(10L), awareness.applyUpdate(single(10, 2, "{\"a\":1}")));
        assertEquals(2, awareness.clock(10));
        assertEquals(Optional.of("{\"a\":1}"), awareness.stateJson(10));
    }

    @Test
    void renewal_with_the_same_state_counts_as_updated() {
        awareness.applyUpdate(single(10, 2, "{\"a\":1}"));

        Awareness.Change change = awareness.applyUpdate(single(10, 3, "{\"a\":1}"));

        assertEquals(updated(10L), change);
        assertEquals(List.of(10L), change.changed());
        assertEquals(3, awareness.clock(10));
    }

    @Test
    void stale_clock_is_ignored() {
        awareness.applyUpdate(single(10, 2, "{\"a\":1}"));
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));

        assertEquals(NOTHING, awareness.applyUpdate(single(10, 2, "{\"a\":2}")));
        assertEquals(NOTHING, awareness.applyUpdate(single(10, 1, "null")));
        assertEquals(3, awareness.clock(10));
        assertEquals(Optional.of("{\"a\":1}"), awareness.stateJson(10));
    }

    @Test
    void equal_clock_with_a_state_is_ignored() {
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));

        assertEquals(NOTHING, awareness.applyUpdate(single(10, 3, "{\"a\":2}")));
        assertEquals(Optional.of("{\"a\":1}"), awareness.stateJson(10));
    }

    @Test
    void equal_clock_with_null_removes_the_state() {
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));

        Awareness.Change change = awareness.applyUpdate(single(10, 3, "null"));

        assertEquals(removed(10L), change);
        assertEquals(3, awareness.clock(10));
        assertEquals(Optional.empty(), awareness.stateJson(10));
        assertEquals(Set.of(), awareness.clientsWithState());
        assertEquals("010a03046e756c6c", hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void equal_clock_with_null_after_the_removal_is_ignored() {
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));
        awareness.applyUpdate(single(10, 3, "null"));

        assertEquals(NOTHING, awareness.applyUpdate(single(10, 3, "null")));
    }

    @Test
    void higher_clock_with_null_after_the_removal_is_reported_as_removed_again() {
        // awareness.js: clientMeta !== undefined && state === null -> removed, state or not
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));
        awareness.applyUpdate(single(10, 3, "null"));

        assertEquals(removed(10L), awareness.applyUpdate(single(10, 4, "null")));
        assertEquals(4, awareness.clock(10));
    }

    @Test
    void removal_then_re_add_with_a_higher_clock_is_reported_as_added_and_goes_last() {
        awareness.applyUpdate(single(10, 3, "{\"a\":1}"));
        awareness.applyUpdate(single(20, 1, "{\"b\":1}"));
        awareness.applyUpdate(single(10, 3, "null"));

        Awareness.Change change = awareness.applyUpdate(single(10, 5, "{\"a\":3}"));

        assertEquals(added(10L), change); // awareness.js would say updated: its meta was known
        assertEquals(5, awareness.clock(10));
        assertEquals(Optional.of("{\"a\":3}"), awareness.stateJson(10));
        assertEquals(List.of(20L, 10L), List.copyOf(awareness.clientsWithState()));
    }

    @Test
    void a_state_changed_in_place_keeps_its_position() {
        awareness.applyUpdate(single(10, 1, "{\"a\":1}"));
        awareness.applyUpdate(single(20, 1, "{\"b\":1}"));

        awareness.applyUpdate(single(10, 2, "{\"a\":2}"));

        assertEquals(List.of(10L, 20L), List.copyOf(awareness.clientsWithState()));
    }

    @Test
    void entries_of_one_update_apply_one_after_the_other() {
        byte[] update = Updates.update().entry(12, 1, "{\"b\":1}").entry(12, 1, "null").entry(12, 2, "{\"b\":2}")
                .entry(13, 1, "{\"c\":1}").bytes();

        Awareness.Change change = awareness.applyUpdate(update);

        assertEquals(new Awareness.Change(List.of(12L, 12L, 13L), List.of(), List.of(12L)), change);
        assertEquals(List.of(12L, 12L, 13L, 12L), change.changed());
        assertEquals(2, awareness.clock(12));
        assertEquals(Optional.of("{\"b\":2}"), awareness.stateJson(12));
    }

    @Test
    void an_update_with_no_entries_changes_nothing() {
        assertEquals(NOTHING, awareness.applyUpdate(new byte[] {0}));
        assertTrue(awareness.applyUpdate(new byte[] {0}).isEmpty());
    }

    @Test
    void bytes_after_the_last_entry_are_ignored_as_in_awareness_js() {
        byte[] one = single(10, 1, "{}");
        byte[] withTrailer = java.util.Arrays.copyOf(one, one.length + 2);

        assertEquals(added(10L), awareness.applyUpdate(withTrailer));
        assertEquals(Optional.of("{}"), awareness.stateJson(10));
    }

    @Test
    void removing_states_bumps_their_clocks_and_encodes_null() {
        awareness.applyUpdate(Updates.update().entry(1, 7, "{}").entry(2, 3, "{}").entry(3, 1, "{}").bytes());

        Awareness.Change change = awareness.removeStates(List.of(2L, 1L));

        assertEquals(removed(2L, 1L), change);
        assertEquals(8, awareness.clock(1));
        assertEquals(4, awareness.clock(2));
        assertEquals(Set.of(3L), awareness.clientsWithState());
        assertEquals("020204046e756c6c0108046e756c6c", hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void removing_clients_without_a_state_changes_nothing() {
        awareness.applyUpdate(single(1, 7, "{}"));
        awareness.removeStates(List.of(1L));

        assertEquals(NOTHING, awareness.removeStates(List.of(1L, 99L)));
        assertEquals(8, awareness.clock(1));
        assertEquals(0, awareness.clock(99));
    }

    @Test
    void a_removed_client_is_back_only_with_a_clock_above_the_bumped_one() {
        awareness.applyUpdate(single(1, 7, "{\"v\":1}"));
        awareness.removeStates(List.of(1L));

        assertEquals(NOTHING, awareness.applyUpdate(single(1, 7, "{\"v\":1}")));
        assertEquals(NOTHING, awareness.applyUpdate(single(1, 8, "{\"v\":1}")));
        assertEquals(added(1L), awareness.applyUpdate(single(1, 9, "{\"v\":1}")));
        assertEquals(9, awareness.clock(1));
    }

    @Test
    void removing_a_state_at_the_largest_clock_keeps_that_clock() {
        awareness.applyUpdate(single(1, MAX_CLOCK, "{}"));

        Awareness.Change change = awareness.removeStates(List.of(1L));

        assertEquals(removed(1L), change);
        assertEquals(MAX_CLOCK, awareness.clock(1));
        assertEquals("0101ffffffffffffff0f046e756c6c", hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void encoding_a_client_never_seen_is_refused() {
        awareness.applyUpdate(single(1, 1, "{}"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> awareness.encodeUpdate(List.of(1L, 2L)));
        assertEquals("unknown awareness client 2", e.getMessage());
    }

    @Test
    void change_lists_all_changed_clients_in_relay_order() {
        Awareness.Change change = new Awareness.Change(List.of(1L), List.of(2L, 3L), List.of(4L));

        assertEquals(List.of(1L, 2L, 3L, 4L), change.changed());
        assertEquals(false, change.isEmpty());
        assertEquals(true, new Awareness.Change(List.of(), List.of(), List.of()).isEmpty());
    }
}
