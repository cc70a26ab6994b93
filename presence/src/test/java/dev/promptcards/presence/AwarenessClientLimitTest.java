package dev.promptcards.presence;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static dev.promptcards.presence.Updates.hex;
import static dev.promptcards.presence.Updates.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cap on the clients one awareness keeps records of: an update that would need more is refused as a whole
 * with {@link AwarenessLimitException}, the awareness untouched.
 */
class AwarenessClientLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    /** Room for three clients. */
    private final Awareness awareness = new Awareness(now::get, 3);
    private String before;

    @BeforeEach
    void twoKnownClients() {
        // client 1 with a state, client 2 known only by its clock: two records
        awareness.applyUpdate(Updates.update().entry(1, 1, "{\"name\":\"Ann\"}").entry(2, 4, "null").bytes());
        before = snapshot();
    }

    /** Everything observable: states in order, their JSON, every clock. */
    private String snapshot() {
        return awareness.clientsWithState() + " " + awareness.stateJson(1) + " " + awareness.clock(1) + " "
                + awareness.clock(2) + " " + awareness.clock(3) + " " + awareness.clock(4) + " "
                + hex(awareness.encodeUpdate(List.of(1L, 2L)));
    }

    private AwarenessLimitException refused(byte[] update) {
        AwarenessLimitException e = assertThrows(AwarenessLimitException.class, () -> awareness.applyUpdate(update));
        assertEquals(before, snapshot());
        return e;
    }

    @Test
    void the_default_cap_is_ten_thousand_clients() {
        assertEquals(10_000, Awareness.DEFAULT_MAX_CLIENTS);
        assertEquals(10_000, new Awareness(() -> 0L).maxClients());
        assertEquals(3, awareness.maxClients());
    }

    @Test
    void a_cap_below_one_is_refused() {
        assertEquals("maxClients must be at least 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new Awareness(() -> 0L, 0)).getMessage());
    }

    @Test
    void an_update_needing_more_records_than_the_cap_is_refused_whole() {
        // entry 1 would update client 1, entries 2 and 3 need two new records where one is left
        byte[] update = Updates.update().entry(1, 2, "{\"name\":\"Ann B.\"}").entry(3, 1, "{}").entry(4, 1, "null")
                .bytes();

        AwarenessLimitException e = refused(update);

        assertEquals("awareness update: 2 known clients + at least 2 new > max 3", e.getMessage());
        assertEquals(3, e.maxClients());
        assertInstanceOf(AwarenessDecodeException.class, e);
        assertEquals(Optional.of("{\"name\":\"Ann\"}"), awareness.stateJson(1));
    }

    @Test
    void an_update_that_fills_the_cap_exactly_is_applied_and_known_clients_still_update_when_full() {
        assertEquals(new Awareness.Change(List.of(3L), List.of(), List.of()), awareness.applyUpdate(single(3, 1, "{}")));

        before = snapshot();
        assertEquals("awareness update: 3 known clients + at least 1 new > max 3",
                refused(single(5, 1, "{}")).getMessage());
        assertEquals(new Awareness.Change(List.of(2L), List.of(1L), List.of()),
                awareness.applyUpdate(Updates.update().entry(1, 2, "{}").entry(2, 5, "{}").bytes()));
    }

    @Test
    void entries_that_make_no_record_do_not_count() {
        // unknown clients at clock 0 are ignored (awareness.js counts an unknown client as clock 0); a client
        // named twice needs one record
        Updates update = Updates.update();
        for (long client = 10; client < 20; client++) {
            update.entry(client, 0, "{}");
        }
        update.entry(5, 1, "{}").entry(5, 2, "{\"v\":2}").entry(2, 3, "{}");

        assertEquals(new Awareness.Change(List.of(5L), List.of(5L), List.of()), awareness.applyUpdate(update.bytes()));
        assertEquals(Optional.of("{\"v\":2}"), awareness.stateJson(5));
        assertEquals(0, awareness.clock(10));
    }

    @Test
    void forgotten_clients_free_their_records() {
        assertEquals("awareness update: 2 known clients + at least 2 new > max 3",
                refused(Updates.update().entry(3, 1, "{}").entry(4, 1, "{}").bytes()).getMessage());

        now.addAndGet(Awareness.OUTDATED_TIMEOUT_MILLIS);
        assertEquals(List.of(1L), awareness.removeOutdated().removed());
        // client 1 was just removed (its clock kept for 30 s more), client 2 is forgotten: one record in use
        assertEquals(new Awareness.Change(List.of(3L, 4L), List.of(), List.of()),
                awareness.applyUpdate(Updates.update().entry(3, 1, "{}").entry(4, 1, "{}").bytes()));
        assertEquals(0, awareness.clock(2));
        assertEquals(2, awareness.clock(1));
    }

    @Test
    void made_up_null_clients_filling_a_four_mib_frame_are_refused_at_the_default_cap() {
        Awareness defaultCap = new Awareness(now::get);
        Updates update = Updates.update();
        for (long client = 1; client <= 450_000; client++) {
            update.entry(client, 1, "null");
        }
        byte[] bytes = update.bytes();

        AwarenessLimitException e = assertThrows(AwarenessLimitException.class, () -> defaultCap.applyUpdate(bytes));

        assertTrue(bytes.length < 4 * 1024 * 1024, "fits in one default frame: " + bytes.length);
        assertEquals("awareness update: 0 known clients + at least 10001 new > max 10000", e.getMessage());
        assertEquals(0, defaultCap.clock(1));
        assertEquals(List.of(), List.copyOf(defaultCap.clientsWithState()));
        // the same update is refused again: nothing was recorded by the first attempt
        assertThrows(AwarenessLimitException.class, () -> defaultCap.applyUpdate(bytes));
    }
}
