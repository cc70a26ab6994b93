package dev.promptcards.presence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.promptcards.crdt.lib0.Encoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwarenessUpdatesTest {

    /** An awareness update of (client, clock, json) triples. */
    private static byte[] update(Object... entries) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(entries.length / 3);
        for (int i = 0; i < entries.length; i += 3) {
            encoder.writeVarUint((Integer) entries[i]);
            encoder.writeVarUint((Integer) entries[i + 1]);
            encoder.writeVarString((String) entries[i + 2]);
        }
        return encoder.toByteArray();
    }

    @Test
    void the_highest_clock_per_client_wins_clients_in_order_of_first_appearance() {
        byte[] coalesced = AwarenessUpdates.coalesce(List.of(
                update(1, 1, "{\"c\":1}", 2, 5, "{\"c\":\"b\"}"),
                update(1, 3, "{\"c\":3}"),
                update(1, 2, "{\"c\":2}")));

        assertArrayEquals(update(1, 3, "{\"c\":3}", 2, 5, "{\"c\":\"b\"}"), coalesced);
    }

    @Test
    void at_an_equal_clock_a_removal_wins_over_a_state_as_awareness_js_applies_it() {
        assertArrayEquals(update(1, 4, "null"),
                AwarenessUpdates.coalesce(List.of(update(1, 4, "null"), update(1, 4, "{\"c\":4}"))));
        assertArrayEquals(update(1, 4, "null"),
                AwarenessUpdates.coalesce(List.of(update(1, 4, "{\"c\":4}"), update(1, 4, "null"))));
    }
}
