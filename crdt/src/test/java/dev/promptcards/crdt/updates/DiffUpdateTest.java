package dev.promptcards.crdt.updates;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.AB;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.hex;
import static dev.promptcards.crdt.updates.UpdateBytes.gc;
import static dev.promptcards.crdt.updates.UpdateBytes.item;
import static dev.promptcards.crdt.updates.UpdateBytes.skip;
import static dev.promptcards.crdt.updates.UpdateBytes.update;

import dev.promptcards.crdt.Y;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Y#diffUpdate}: expected bytes derived by hand from Yjs {@code diffUpdateV2} with the v1 coders. */
class DiffUpdateTest {

    private static final byte[] EMPTY_SV = {0};

    private static byte[] sv(long... clientClock) {
        Map<Long, Long> sv = new LinkedHashMap<>();
        for (int i = 0; i < clientClock.length; i += 2) {
            sv.put(clientClock[i], clientClock[i + 1]);
        }
        return Y.encodeStateVector(sv);
    }

    /** client 2 "xy" then client 1 "abcd", both in root "t"; client 1 clock 0 deleted. */
    private static final byte[] TWO_CLIENTS = hex(
            "02 01 02 00 04 01 01 74 02 78 79 01 01 00 04 01 01 74 04 61 62 63 64 01 01 01 00 01");

    @Test
    void the_hand_written_update_is_what_the_builder_writes() {
        assertBytes(TWO_CLIENTS, update().run(2, 0, item().root("t").string("xy"))
                .run(1, 0, item().root("t").string("abcd")).deleted(1, 0, 1).build(), "TWO_CLIENTS");
    }

    @Test
    void diff_against_a_state_vector_drops_what_it_covers_and_slices_a_partly_covered_struct() {
        // client 2 is covered; of client 1's "abcd" clocks 0..1 are covered: "cd" after 1:1 remains.
        // The delete set is kept whole.
        assertBytes(hex("01 01 01 02 84 01 01 02 63 64 01 01 01 00 01"),
                Y.diffUpdate(TWO_CLIENTS, sv(1, 2, 2, 2)), "diff(TWO_CLIENTS, {1:2, 2:2})");
    }

    @Test
    void diff_against_the_empty_state_vector_keeps_everything() {
        assertBytes(TWO_CLIENTS, Y.diffUpdate(TWO_CLIENTS, EMPTY_SV), "diff(TWO_CLIENTS, {})");
    }

    @Test
    void diff_against_a_state_vector_beyond_the_update_keeps_only_the_delete_set() {
        assertBytes(hex("00 01 01 01 00 01"), Y.diffUpdate(TWO_CLIENTS, sv(1, 10, 2, 2)), "diff(TWO_CLIENTS, {1:10, 2:2})");
    }

    @Test
    void diff_ignores_clients_the_update_does_not_have() {
        assertBytes(AB, Y.diffUpdate(AB, sv(7, 100)), "diff(AB, {7:100})");
    }

    @Test
    void diff_slices_gc_and_any_content() {
        byte[] u = update().run(1, 0, gc(5), item().origin(1, 4).any(1L, "two", 3L)).build();
        assertBytes(update().run(1, 2, gc(3), item().origin(1, 4).any(1L, "two", 3L)).build(),
                Y.diffUpdate(u, sv(1, 2)), "diff at clock 2 (inside the GC)");
        assertBytes(update().run(1, 6, item().origin(1, 5).any("two", 3L)).build(),
                Y.diffUpdate(u, sv(1, 6)), "diff at clock 6 (inside the items)");
    }

    @Test
    void diff_never_starts_a_run_with_a_skip_but_keeps_later_skips() {
        byte[] startsWithSkip = update().run(1, 0, skip(2), item().origin(1, 1).string("cd")).build();
        assertBytes(update().run(1, 2, item().origin(1, 1).string("cd")).build(),
                Y.diffUpdate(startsWithSkip, EMPTY_SV), "diff(skip first)");
        byte[] skipInside = update().run(1, 0, item().root("t").string("ab"), skip(3), item().origin(1, 4).string("xy")).build();
        assertBytes(skipInside, Y.diffUpdate(skipInside, EMPTY_SV), "diff(skip inside)");
    }

    @Test
    void diff_of_a_struct_cut_in_a_surrogate_pair_writes_what_yjs_writes() {
        // Yjs writes str.slice(offset): a lone low surrogate, which UTF-8 encoding turns into U+FFFD
        byte[] u = update().run(1, 0, item().root("t").string("x\uD83D\uDE00")).build();
        assertBytes(hex("01 01 01 02 84 01 01 03 ef bf bd 00"), Y.diffUpdate(u, sv(1, 2)), "diff in a surrogate pair");
    }
}
