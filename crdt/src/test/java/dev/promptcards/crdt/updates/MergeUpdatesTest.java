package dev.promptcards.crdt.updates;

import static dev.promptcards.crdt.testing.Hex.assertBytes;
import static dev.promptcards.crdt.updates.UpdateBytes.gc;
import static dev.promptcards.crdt.updates.UpdateBytes.item;
import static dev.promptcards.crdt.updates.UpdateBytes.skip;
import static dev.promptcards.crdt.updates.UpdateBytes.update;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.promptcards.crdt.Y;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Y#mergeUpdates}: expected bytes derived by hand from Yjs {@code mergeUpdatesV2} with the v1 coders. */
class MergeUpdatesTest {

    static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    /** client 1, clock 0: "ab" in root "t". */
    static final byte[] AB = hex("01 01 01 00 04 01 01 74 02 61 62 00");
    /** client 1, clock 2: "cd" after 1:1. */
    static final byte[] CD = hex("01 01 01 02 84 01 01 02 63 64 00");
    /** client 1, clock 5: "xy" after 1:4 (clocks 2..4 absent). */
    static final byte[] XY_AT_5 = hex("01 01 01 05 84 01 04 02 78 79 00");
    /** client 2, clock 0: "xy" in root "t". */
    static final byte[] CLIENT2_XY = hex("01 01 02 00 04 01 01 74 02 78 79 00");

    @Test
    void the_hand_written_updates_are_what_the_builder_writes() {
        assertBytes(AB, update().run(1, 0, item().root("t").string("ab")).build(), "AB");
        assertBytes(CD, update().run(1, 2, item().origin(1, 1).string("cd")).build(), "CD");
    }

    @Test
    void merging_two_sequential_updates_of_one_client_equals_the_update_of_both() {
        byte[] both = update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("cd")).build();
        assertBytes(hex("01 02 01 00 04 01 01 74 02 61 62 84 01 01 02 63 64 00"), both, "update of both");
        assertBytes(both, Y.mergeUpdates(List.of(AB, CD)), "merge(AB, CD)");
        // the order of the updates does not matter
        assertBytes(both, Y.mergeUpdates(List.of(CD, AB)), "merge(CD, AB)");
    }

    @Test
    void merging_an_update_with_itself_writes_each_struct_once() {
        assertBytes(AB, Y.mergeUpdates(List.of(AB, AB)), "merge(AB, AB)");
    }

    @Test
    void merging_non_adjacent_updates_of_one_client_writes_a_skip_for_the_gap() {
        // one run of three structs: "ab" (0..1), Skip of 3 (2..4), "xy" (5..6)
        assertBytes(hex("01 03 01 00 04 01 01 74 02 61 62 0a 03 84 01 04 02 78 79 00"),
                Y.mergeUpdates(List.of(XY_AT_5, AB)), "merge(XY_AT_5, AB)");
    }

    @Test
    void merging_fills_a_gap_that_another_update_covers() {
        byte[] cde = update().run(1, 2, item().origin(1, 1).string("cde")).build();
        assertBytes(update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("cde"),
                        item().origin(1, 4).string("xy")).build(),
                Y.mergeUpdates(List.of(AB, XY_AT_5, cde)), "merge(AB, XY_AT_5, CDE)");
    }

    @Test
    void merging_writes_higher_clients_first() {
        assertBytes(hex("02 01 02 00 04 01 01 74 02 78 79 01 01 00 04 01 01 74 02 61 62 00"),
                Y.mergeUpdates(List.of(AB, CLIENT2_XY)), "merge(AB, CLIENT2_XY)");
    }

    @Test
    void merging_slices_a_struct_that_overlaps_one_written_already() {
        byte[] abcde = update().run(1, 0, item().root("t").string("abcde")).build();
        // "ab" is written, then the rest of "abcde" as "cde" after 1:1
        assertBytes(update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("cde")).build(),
                Y.mergeUpdates(List.of(AB, abcde)), "merge(AB, ABCDE)");
    }

    @Test
    void slicing_between_a_surrogate_pair_replaces_both_halves_as_yjs() {
        // client 1 clock 0: "x😀y" (4 UTF-16 units); the other update has clocks 0..1 already
        byte[] emoji = update().run(1, 0, item().root("t").string("x\uD83D\uDE00y")).build();
        byte[] merged = Y.mergeUpdates(List.of(AB, emoji));
        // Yjs ContentString#splice: a cut after a high surrogate turns both halves into U+FFFD
        assertBytes(update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("\uFFFDy")).build(),
                merged, "merge(AB, x😀y)");
        assertBytes(hex("01 02 01 00 04 01 01 74 02 61 62 84 01 01 04 ef bf bd 79 00"), merged, "utf-8 of U+FFFD");
    }

    @Test
    void merging_joins_adjacent_gc_structs() {
        byte[] gc2 = update().run(1, 0, gc(2)).build();
        byte[] gc3 = update().run(1, 2, gc(3)).build();
        assertBytes(hex("01 01 01 00 00 05 00"), Y.mergeUpdates(List.of(gc3, gc2)), "merge(GC 0..1, GC 2..4)");
    }

    @Test
    void merging_keeps_an_item_and_a_gc_apart() {
        byte[] gcAfter = update().run(1, 2, gc(3)).build();
        assertBytes(update().run(1, 0, item().root("t").string("ab"), gc(3)).build(),
                Y.mergeUpdates(List.of(AB, gcAfter)), "merge(AB, GC 2..4)");
    }

    @Test
    void merging_drops_skips_of_the_input() {
        byte[] withSkip = update().run(1, 0, item().root("t").string("ab"), skip(3), item().origin(1, 4).string("xy")).build();
        assertBytes(withSkip, Y.mergeUpdates(List.of(withSkip, AB)), "merge(withSkip, AB)");
        byte[] cde = update().run(1, 2, item().origin(1, 1).string("cde")).build();
        assertBytes(update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("cde"),
                        item().origin(1, 4).string("xy")).build(),
                Y.mergeUpdates(List.of(withSkip, cde)), "merge(withSkip, CDE)");
    }

    @Test
    void merging_merges_the_delete_sets() {
        byte[] a = update().deleted(1, 0, 1).build();
        byte[] b = update().deleted(1, 1, 2).deleted(3, 5, 1).build();
        // no structs; delete set: client 3 [5,1], then client 1 [0,3] (higher clients first)
        assertBytes(hex("00 02 03 01 05 01 01 01 00 03"), Y.mergeUpdates(List.of(a, b)), "merge of delete sets");
    }

    @Test
    void merging_structs_and_deletions_of_several_updates() {
        byte[] a = update().run(1, 0, item().root("t").string("ab")).deleted(1, 0, 1).build();
        byte[] b = update().run(1, 2, item().origin(1, 1).string("cd")).deleted(1, 3, 1).build();
        assertBytes(update().run(1, 0, item().root("t").string("ab"), item().origin(1, 1).string("cd"))
                        .deleted(1, 0, 1).deleted(1, 3, 1).build(),
                Y.mergeUpdates(List.of(a, b)), "merge");
    }

    @Test
    void merging_one_update_returns_it_unchanged() {
        byte[] notEvenAnUpdate = {1, 2, 3};
        assertSame(notEvenAnUpdate, Y.mergeUpdates(List.of(notEvenAnUpdate)));
    }

    @Test
    void merging_no_updates_gives_the_empty_update() {
        assertBytes(hex("00 00"), Y.mergeUpdates(List.of()), "merge()");
    }

    @Test
    void merging_many_updates_of_one_client_gives_one_run() {
        List<byte[]> updates = new ArrayList<>();
        UpdateBytes.Struct[] expected = new UpdateBytes.Struct[100];
        for (int i = 0; i < 100; i++) {
            UpdateBytes.Struct s = i == 0 ? item().root("t").string("a") : item().origin(1, i - 1).string("a");
            expected[i] = s;
            updates.add(update().run(1, i, s).build());
        }
        Collections.reverse(updates);
        assertBytes(update().run(1, 0, expected).build(), Y.mergeUpdates(updates), "merge of 100 single-char updates");
    }

    @Test
    void merging_ten_thousand_small_updates_takes_no_quadratic_time() {
        // Yjs re-sorts all readers before every struct; here the order is kept incrementally
        int clients = 7;
        int perClient = 1500;
        List<byte[]> updates = new ArrayList<>();
        UpdateBytes expected = update();
        for (int c = clients; c >= 1; c--) {
            UpdateBytes.Struct[] run = new UpdateBytes.Struct[perClient];
            for (int i = 0; i < perClient; i++) {
                run[i] = i == 0 ? item().root("t").string("a") : item().origin(c, i - 1).string("a");
                updates.add(update().run(c, i, run[i]).build());
            }
            expected.run(c, 0, run);
        }
        Collections.shuffle(updates, new Random(7));
        byte[] merged = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> Y.mergeUpdates(updates));
        assertBytes(expected.build(), merged, "merge of 10500 single-char updates");
    }
}
