package dev.promptcards.presence;

import static dev.promptcards.presence.Updates.hex;
import static dev.promptcards.presence.Updates.single;
import static dev.promptcards.presence.Updates.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Updates from one sender: the gate per client id, and the bound on clock steps. */
class AwarenessGateTest {

    private static final long MAX_CLOCK = (1L << 53) - 1;

    private final Awareness awareness = new Awareness(() -> 1_000L);

    /** Admits 1 and 2, drops 3, refuses anything else; notes what it was asked. */
    private final List<Long> asked = new ArrayList<>();
    private final Awareness.Gate gate = client -> {
        asked.add(client);
        if (client == 1 || client == 2) {
            return Awareness.Admission.APPLY;
        }
        return client == 3 ? Awareness.Admission.DROP : Awareness.Admission.REFUSE;
    };

    @Test
    void an_update_with_nothing_dropped_is_relayed_as_received() {
        byte[] update = update().entry(1, 1, "{\"a\":1}").entry(2, 1, "{}").entry(1, 2, "{\"a\":2}").bytes();

        Awareness.Applied applied = awareness.applyUpdate(update, gate);

        assertEquals(new Awareness.Change(List.of(1L, 2L), List.of(1L), List.of()), applied.change());
        assertEquals(0, applied.dropped());
        assertSame(update, applied.update());
        assertEquals(List.of(1L, 2L), asked, "asked once per client, in order");
    }

    @Test
    void dropped_entries_are_not_applied_and_not_relayed() {
        awareness.applyUpdate(single(3, 5, "{\"victim\":true}"));

        Awareness.Applied applied = awareness.applyUpdate(update().entry(3, 6, "null").entry(1, 1, "{\"a\":1}")
                .entry(3, MAX_CLOCK, "{\"evil\":1}").bytes(), gate);

        assertEquals(new Awareness.Change(List.of(1L), List.of(), List.of()), applied.change());
        assertEquals(2, applied.dropped());
        assertEquals(hex(single(1, 1, "{\"a\":1}")), hex(applied.update()));
        assertEquals(Optional.of("{\"victim\":true}"), awareness.stateJson(3));
        assertEquals(5, awareness.clock(3));
    }

    @Test
    void a_dropped_entry_that_relays_what_is_known_is_not_counted_as_an_attempt() {
        awareness.applyUpdate(single(3, 5, "{\"victim\":true}"));

        // what a stock client sends back after receiving 3's state: the same clock
        Awareness.Applied applied = awareness.applyUpdate(update().entry(3, 5, "{\"victim\":true}")
                .entry(3, 4, "null").entry(1, 1, "{}").bytes(), gate);

        assertEquals(0, applied.dropped());
        assertEquals(hex(single(1, 1, "{}")), hex(applied.update()));
    }

    @Test
    void a_refused_client_refuses_the_whole_update() {
        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(update().entry(1, 1, "{}").entry(9, 1, "{}").bytes(), gate));

        assertEquals(AwarenessLimitException.Limit.SENDER_CLIENTS, e.limit());
        assertEquals("awareness update: its sender may not announce client 9", e.getMessage());
        assertEquals(Set.of(), awareness.clientsWithState());
        assertEquals(0, awareness.clock(1));
    }

    @Test
    void a_clock_may_rise_by_at_most_2_to_the_20_over_the_known_one() {
        awareness.applyUpdate(single(1, 10, "{}"), gate);

        awareness.applyUpdate(single(1, 10 + Awareness.MAX_CLOCK_STEP, "{\"a\":1}"), gate);
        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(single(1, 11 + 2 * Awareness.MAX_CLOCK_STEP, "{}"), gate));

        assertEquals(AwarenessLimitException.Limit.CLOCK_STEP, e.limit());
        assertEquals("awareness update: client 1 clock 2097163 > max 2097162 (known 1048586 + 2^20)",
                e.getMessage());
        assertEquals(10 + Awareness.MAX_CLOCK_STEP, awareness.clock(1));
    }

    @Test
    void a_client_first_announced_may_start_at_2_to_the_32_at_most() {
        awareness.applyUpdate(single(1, Awareness.MAX_FIRST_CLOCK, "{}"), gate);

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class,
                () -> awareness.applyUpdate(single(2, MAX_CLOCK, "{}"), gate));

        assertEquals("awareness update: client 2 clock 9007199254740991 > max 4294967296 (first)", e.getMessage());
        assertEquals(0, awareness.clock(2));
    }

    @Test
    void the_clock_step_counts_from_the_entries_before_in_the_same_update() {
        awareness.applyUpdate(update().entry(1, 1, "{}").entry(1, 1 + Awareness.MAX_CLOCK_STEP, "{}")
                .entry(1, 1 + 2 * Awareness.MAX_CLOCK_STEP, "{}").bytes(), gate);

        assertEquals(1 + 2 * Awareness.MAX_CLOCK_STEP, awareness.clock(1));
    }

    @Test
    void the_clock_step_is_not_checked_for_dropped_entries_nor_without_a_gate() {
        awareness.applyUpdate(single(3, MAX_CLOCK, "{}"), gate);
        awareness.applyUpdate(single(4, MAX_CLOCK, "{}"));

        assertEquals(0, awareness.clock(3));
        assertEquals(MAX_CLOCK, awareness.clock(4));
    }

    @Test
    void forgetting_drops_the_clock_of_clients_without_a_state_only() {
        awareness.applyUpdate(update().entry(1, 4, "{}").entry(2, 7, "{}").bytes(), gate);
        awareness.removeStates(List.of(1L));

        awareness.forget(List.of(1L, 2L));

        assertEquals(0, awareness.clock(1));
        assertEquals(7, awareness.clock(2));
        // 1 comes back as a new client, at any clock up to the first bound
        assertEquals(new Awareness.Change(List.of(1L), List.of(), List.of()),
                awareness.applyUpdate(single(1, 2, "{}"), gate).change());
    }

    @Test
    void the_gate_is_not_asked_for_a_malformed_update() {
        byte[] truncated = update().entry(1, 1, "{}").entry(2, 1, "{}").bytes();

        assertThrows(AwarenessDecodeException.class,
                () -> awareness.applyUpdate(java.util.Arrays.copyOf(truncated, truncated.length - 1), gate));

        assertEquals(List.of(), asked);
    }

    @Test
    void a_dropped_entry_does_not_count_against_the_client_cap() {
        Awareness small = new Awareness(() -> 1_000L, 1);

        small.applyUpdate(update().entry(3, 1, "{}").entry(1, 1, "{}").bytes(), gate);

        assertEquals(Set.of(1L), small.clientsWithState());
    }
}
