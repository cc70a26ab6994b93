package dev.promptcards.presence;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static dev.promptcards.presence.Updates.hex;
import static dev.promptcards.presence.Updates.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The 30 s outdatedTimeout of awareness.js, on an injected clock. */
class AwarenessTimeoutTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Awareness awareness = new Awareness(now::get);

    private static final Awareness.Change NOTHING = new Awareness.Change(List.of(), List.of(), List.of());

    private void at(long millis) {
        now.set(1_000_000 + millis);
    }

    @Test
    void timeout_is_thirty_seconds() {
        assertEquals(30_000, Awareness.OUTDATED_TIMEOUT_MILLIS);
    }

    @Test
    void a_state_not_renewed_for_thirty_seconds_is_removed_with_its_clock_plus_one() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{}"));

        at(29_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(Set.of(7L), awareness.clientsWithState());

        at(30_000);
        Awareness.Change change = awareness.removeOutdated();
        assertEquals(new Awareness.Change(List.of(), List.of(), List.of(7L)), change);
        assertEquals(Set.of(), awareness.clientsWithState());
        assertEquals("010702046e756c6c", hex(awareness.encodeUpdate(change.changed())));
    }

    @Test
    void a_renewal_restarts_the_timeout() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{}"));
        at(15_000);
        awareness.applyUpdate(single(7, 2, "{}"));

        at(44_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        at(45_000);
        assertEquals(List.of(7L), awareness.removeOutdated().removed());
    }

    @Test
    void a_stale_message_does_not_renew() {
        at(0);
        awareness.applyUpdate(single(7, 2, "{}"));
        at(20_000);
        awareness.applyUpdate(single(7, 1, "{}")); // ignored: older clock

        at(30_000);
        assertEquals(List.of(7L), awareness.removeOutdated().removed());
    }

    @Test
    void outdated_states_are_removed_in_the_order_their_clients_were_first_seen() {
        at(0);
        awareness.applyUpdate(single(3, 1, "{}"));
        awareness.applyUpdate(single(1, 1, "{}"));
        at(10_000);
        awareness.applyUpdate(single(2, 1, "{}"));
        awareness.applyUpdate(single(3, 2, "{}")); // renewed

        at(30_000);
        assertEquals(List.of(1L), awareness.removeOutdated().removed());
        at(40_000);
        assertEquals(List.of(3L, 2L), awareness.removeOutdated().removed());
    }

    @Test
    void a_removed_state_is_not_removed_again() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{}"));
        at(30_000);
        awareness.removeOutdated();

        at(59_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(2, awareness.clock(7));
        at(90_000);
        assertEquals(NOTHING, awareness.removeOutdated());
    }

    @Test
    void a_client_whose_state_was_removed_thirty_seconds_ago_is_forgotten_and_comes_back_as_new() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{\"v\":1}"));
        at(30_000);
        assertEquals(List.of(7L), awareness.removeOutdated().removed());
        assertEquals(2, awareness.clock(7));

        at(59_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(NOTHING, awareness.applyUpdate(single(7, 2, "{\"v\":1}")), "stale: clock 2 is known");
        assertEquals(2, awareness.clock(7));

        at(60_000);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(0, awareness.clock(7));
        assertEquals("unknown awareness client 7",
                assertThrows(IllegalArgumentException.class, () -> awareness.encodeUpdate(List.of(7L))).getMessage());

        at(61_000);
        assertEquals(new Awareness.Change(List.of(7L), List.of(), List.of()),
                awareness.applyUpdate(single(7, 1, "{\"v\":2}")));
        assertEquals(Optional.of("{\"v\":2}"), awareness.stateJson(7));
        assertEquals(1, awareness.clock(7));
    }

    @Test
    void a_client_that_removed_its_own_state_is_forgotten_thirty_seconds_later() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{}"));
        at(10_000);
        assertEquals(new Awareness.Change(List.of(), List.of(), List.of(7L)), awareness.applyUpdate(single(7, 2, "null")));

        at(39_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(2, awareness.clock(7));
        at(40_000);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(0, awareness.clock(7));
    }

    @Test
    void a_client_that_only_ever_sent_null_is_forgotten_after_thirty_seconds() {
        at(0);
        assertEquals(NOTHING, awareness.applyUpdate(single(9, 5, "null")));
        assertEquals(5, awareness.clock(9));

        at(29_999);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(NOTHING, awareness.applyUpdate(single(9, 4, "{}")), "stale: clock 5 is known");
        assertEquals(5, awareness.clock(9));

        at(30_000);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(0, awareness.clock(9));
        assertEquals(Set.of(), awareness.clientsWithState());
    }

    @Test
    void clients_with_a_state_are_not_forgotten_while_it_is_renewed() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{}"));
        at(25_000);
        awareness.applyUpdate(single(7, 2, "{}"));
        at(50_000);
        awareness.applyUpdate(single(7, 3, "{}"));

        at(75_000);
        assertEquals(NOTHING, awareness.removeOutdated());
        assertEquals(Set.of(7L), awareness.clientsWithState());
        assertEquals(3, awareness.clock(7));
    }

    @Test
    void all_entries_of_one_update_share_one_timestamp() {
        // awareness.js reads the time once per applyAwarenessUpdate: a second read here would stamp entry 2
        // at 30 000 and keep it alive at the removeOutdated below
        java.util.Iterator<Long> readings = List.of(0L, 30_000L, 30_000L).iterator();
        Awareness stamped = new Awareness(readings::next);
        stamped.applyUpdate(Updates.update().entry(1, 1, "{}").entry(2, 1, "{}").bytes());

        assertEquals(List.of(1L, 2L), stamped.removeOutdated().removed());
    }

    @Test
    void a_client_that_comes_back_after_a_timeout_is_added_again() {
        at(0);
        awareness.applyUpdate(single(7, 1, "{\"v\":1}"));
        at(30_000);
        awareness.removeOutdated();

        at(31_000);
        assertEquals(new Awareness.Change(List.of(7L), List.of(), List.of()),
                awareness.applyUpdate(single(7, 3, "{\"v\":1}")));
        assertEquals(Optional.of("{\"v\":1}"), awareness.stateJson(7));
    }
}
