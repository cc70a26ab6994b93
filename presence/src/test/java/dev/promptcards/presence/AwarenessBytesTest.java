package dev.promptcards.presence;

import static dev.promptcards.presence.Updates.single;
import static dev.promptcards.presence.Updates.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The byte bounds: per state (UTF-8 bytes of its JSON text) and for all states together. */
class AwarenessBytesTest {

    /** 10 bytes: {"a":"xx"}. */
    private static String state(String letters) {
        return "{\"a\":\"" + letters + "\"}";
    }

    private final Awareness awareness = new Awareness(() -> 1_000L, 100, 12, 30);

    @Test
    void a_state_at_the_bound_is_taken_and_counted() {
        awareness.applyUpdate(single(1, 1, state("xxxx")));

        assertEquals(12, awareness.totalBytes());
        assertEquals(Optional.of(state("xxxx")), awareness.stateJson(1));
    }

    @Test
    void a_state_one_byte_over_the_bound_refuses_the_whole_update() {
        awareness.applyUpdate(single(1, 1, state("x")));

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(update().entry(2, 1, state("y")).entry(3, 1, state("xxxxx")).bytes()));

        assertEquals(AwarenessLimitException.Limit.STATE_BYTES, e.limit());
        assertEquals(12, e.max());
        assertEquals("awareness update: entry 1 (client 3): state of 13 bytes > max 12", e.getMessage());
        assertEquals(Set.of(1L), awareness.clientsWithState());
        assertEquals(9, awareness.totalBytes());
    }

    @Test
    void state_bytes_are_counted_in_utf8() {
        // é is two bytes in UTF-8, one char in Java: {"a":"éé"} is 12 bytes, {"a":"ééé"} 14
        awareness.applyUpdate(single(1, 1, state("\u00e9\u00e9")));
        assertEquals(12, awareness.totalBytes());

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(single(2, 1, state("\u00e9\u00e9\u00e9"))));
        assertEquals("awareness update: entry 0 (client 2): state of 14 bytes > max 12", e.getMessage());
    }

    @Test
    void a_state_is_counted_by_its_text_not_by_a_padded_length_before_it() {
        // found by AwarenessFuzzTest: the varUint length 10 written as 0x8a 0x00 (two bytes, as lib0 never
        // writes but reads) was counted as 11 bytes of state
        byte[] update = {1, 1, 1, (byte) 0x8a, 0, '{', '"', 'a', '"', ':', '"', 'x', 'x', '"', '}'};

        awareness.applyUpdate(update);

        assertEquals(10, awareness.totalBytes());
    }

    @Test
    void state_bytes_of_characters_outside_the_basic_plane_are_four() {
        // U+1F600 is 4 bytes in UTF-8, two chars in Java: {"a":"😀😀"} is 16 bytes, over 12
        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(single(2, 1, state("\ud83d\ude00\ud83d\ude00"))));

        assertEquals("awareness update: entry 0 (client 2): state of 16 bytes > max 12", e.getMessage());
    }

    @Test
    void an_update_taking_all_states_past_the_total_is_refused_whole() {
        awareness.applyUpdate(update().entry(1, 1, state("xxxx")).entry(2, 1, state("xxxx")).bytes());

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(update().entry(1, 2, "null").entry(3, 1, state("xxxx"))
                        .entry(4, 1, state("xxxx")).bytes()));

        assertEquals(AwarenessLimitException.Limit.TOTAL_BYTES, e.limit());
        assertEquals("awareness update: states of 24 bytes would grow to 36 > max 30", e.getMessage());
        assertEquals(Set.of(1L, 2L), awareness.clientsWithState());
        assertEquals(1, awareness.clock(1));
        assertEquals(24, awareness.totalBytes());
    }

    @Test
    void replacing_and_removing_states_frees_their_bytes() {
        awareness.applyUpdate(update().entry(1, 1, state("xxxx")).entry(2, 1, state("xxxx")).bytes());

        // 1 shrinks to 8 bytes ({"a":""}) and 3 arrives at 12: 8 + 12 + 12 = 32 > 30 unless 2 leaves first
        awareness.applyUpdate(update().entry(1, 2, state("")).entry(2, 2, "null").entry(3, 1, state("xxxx"))
                .bytes());
        assertEquals(20, awareness.totalBytes());

        awareness.removeStates(List.of(1L, 3L));
        assertEquals(0, awareness.totalBytes());
    }

    @Test
    void an_update_that_does_not_grow_the_states_is_taken_even_over_the_total() {
        Awareness small = new Awareness(() -> 1_000L, 100, 100, 30);
        small.applyUpdate(update().entry(1, 1, state("x".repeat(20))).bytes());

        assertThrows(AwarenessLimitException.class, () -> small.applyUpdate(single(1, 2, state("x".repeat(25)))));
        small.applyUpdate(single(1, 2, state("x".repeat(19))));

        assertEquals(27, small.totalBytes());
    }

    @Test
    void repeated_entries_of_one_client_count_once() {
        awareness.applyUpdate(update().entry(1, 1, state("xxxx")).entry(1, 2, state("xxxx"))
                .entry(1, 3, state("xxxx")).entry(2, 1, state("xxxx")).bytes());

        assertEquals(24, awareness.totalBytes());
    }

    @Test
    void the_timeout_frees_the_bytes_of_the_states_it_removes() {
        long[] now = {1_000};
        Awareness timed = new Awareness(() -> now[0], 100, 12, 30);
        timed.applyUpdate(single(1, 1, state("xx")));

        now[0] += Awareness.OUTDATED_TIMEOUT_MILLIS;
        timed.removeOutdated();

        assertEquals(0, timed.totalBytes());
    }

    @Test
    void a_senders_update_growing_the_states_past_its_budget_is_refused_whole_and_one_shrinking_them_is_taken() {
        awareness.applyUpdate(single(1, 1, state("xx")), Awareness.Gate.ALL, 10);

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class, () -> awareness.applyUpdate(
                update().entry(2, 1, state("x")).entry(1, 2, state("x")).bytes(), Awareness.Gate.ALL, 7));

        assertEquals(AwarenessLimitException.Limit.SENDER_BYTES, e.limit());
        assertEquals(7, e.max());
        assertEquals("awareness update: would add 8 bytes of states > the sender's 7", e.getMessage());
        assertEquals(Set.of(1L), awareness.clientsWithState());
        awareness.applyUpdate(single(1, 3, state("x")), Awareness.Gate.ALL, 0);
        assertEquals(9, awareness.totalBytes());
        assertEquals(9, awareness.stateBytes(1));
        assertEquals(0, awareness.stateBytes(2));
    }
}
