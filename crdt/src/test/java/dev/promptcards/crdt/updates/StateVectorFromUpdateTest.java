package dev.promptcards.crdt.updates;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.AB;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.CD;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.CLIENT2_XY;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.XY_AT_5;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.hex;
import static dev.promptcards.crdt.updates.UpdateBytes.item;
import static dev.promptcards.crdt.updates.UpdateBytes.skip;
import static dev.promptcards.crdt.updates.UpdateBytes.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.crdt.Y;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Y#encodeStateVectorFromUpdate}: derived by hand from Yjs {@code encodeStateVectorFromUpdateV2}. */
class StateVectorFromUpdateTest {

    @Test
    void state_vector_of_merged_sequential_updates_is_the_end_of_both() {
        byte[] sv = Y.encodeStateVectorFromUpdate(Y.mergeUpdates(List.of(AB, CD)));
        assertBytes(hex("01 01 04"), sv, "sv(merge(AB, CD))");
        assertEquals(Map.of(1L, 4L), Y.decodeStateVector(sv));
    }

    @Test
    void state_vector_lists_clients_in_update_order() {
        // merged updates hold the higher client first
        assertBytes(hex("02 02 02 01 02"), Y.encodeStateVectorFromUpdate(Y.mergeUpdates(List.of(AB, CLIENT2_XY))),
                "sv(merge(AB, CLIENT2_XY))");
    }

    @Test
    void state_vector_stops_counting_at_a_skip() {
        assertBytes(hex("01 01 02"), Y.encodeStateVectorFromUpdate(Y.mergeUpdates(List.of(AB, XY_AT_5))),
                "sv(merge(AB, XY_AT_5))");
    }

    @Test
    void clients_that_do_not_start_at_clock_0_are_left_out() {
        assertBytes(hex("00"), Y.encodeStateVectorFromUpdate(XY_AT_5), "sv(XY_AT_5)");
        assertBytes(hex("01 02 02"), Y.encodeStateVectorFromUpdate(update()
                .run(1, 2, item().origin(1, 1).string("cd")).run(2, 0, item().root("t").string("xy")).build()),
                "sv(client 1 from clock 2, client 2 from 0)");
    }

    @Test
    void state_vector_of_the_empty_update_is_empty() {
        assertBytes(hex("00"), Y.encodeStateVectorFromUpdate(hex("00 00")), "sv(empty update)");
    }

    @Test
    void a_skip_first_at_clock_0_counts_as_yjs_counts_it() {
        // Yjs takes the first struct's end before it looks at the struct's kind
        byte[] u = update().run(1, 0, skip(2), item().origin(1, 1).string("cd")).build();
        assertBytes(hex("01 01 02"), Y.encodeStateVectorFromUpdate(u), "sv(skip first)");
    }

    @Test
    void the_delete_set_is_not_read() {
        byte[] withoutDeleteSet = Arrays.copyOf(AB, AB.length - 1);
        assertBytes(hex("01 01 02"), Y.encodeStateVectorFromUpdate(withoutDeleteSet), "sv(AB without its delete set)");
    }
}
