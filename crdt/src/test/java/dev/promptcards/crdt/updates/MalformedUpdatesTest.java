package dev.promptcards.crdt.updates;

import static dev.promptcards.crdt.updates.MergeUpdatesTest.AB;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.CD;
import static dev.promptcards.crdt.updates.MergeUpdatesTest.hex;
import static dev.promptcards.crdt.updates.UpdateBytes.gc;
import static dev.promptcards.crdt.updates.UpdateBytes.item;
import static dev.promptcards.crdt.updates.UpdateBytes.update;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.DecodeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed input to the doc-free update functions raises {@link UpdateDecodeException}, quickly. */
class MalformedUpdatesTest {

    private static final byte[] EMPTY_SV = {0};

    private static void assertMalformed(byte[] update) {
        assertThrows(UpdateDecodeException.class, () -> Y.mergeUpdates(List.of(AB, update)), "mergeUpdates");
        assertThrows(UpdateDecodeException.class, () -> Y.diffUpdate(update, EMPTY_SV), "diffUpdate");
    }

    @Test
    void garbage_raises_update_decode_exception() {
        assertMalformed(new byte[0]);
        assertMalformed(hex("ff"));
        assertMalformed(hex("01"));
        assertMalformed(hex("01 01 01 00 1f 00"));  // content ref 31 does not exist
        assertMalformed(hex("01 01 01 00 4a 00"));  // content ref 10 with a right origin is no Skip
        assertMalformed(hex("01 01 01 00 07 01 01 74 63 00"));  // type ref 99
        assertThrows(UpdateDecodeException.class, () -> Y.encodeStateVectorFromUpdate(new byte[0]));
        assertThrows(UpdateDecodeException.class, () -> Y.encodeStateVectorFromUpdate(hex("01 01 01 00 1f")));
    }

    @Test
    void the_message_names_the_update_and_the_cause_is_kept() {
        UpdateDecodeException e = assertThrows(UpdateDecodeException.class,
                () -> Y.mergeUpdates(List.of(AB, CD, hex("01 01"))));
        assertTrue(e.getMessage().contains("update 3 of 3"), e.getMessage());
        assertInstanceOf(DecodeException.class, e.getCause());
    }

    @Test
    void every_truncation_of_an_update_is_malformed() {
        byte[] u = update().run(2, 0, item().root("t").key("k").any("v", 1.5, List.of(1L)))
                .run(1, 0, item().root("t").string("ab"), gc(3), item().origin(1, 4).rightOrigin(2, 0).string("z"))
                .deleted(1, 2, 3).build();
        for (int len = 0; len < u.length; len++) {
            assertMalformed(Arrays.copyOf(u, len));
        }
    }

    @Test
    void a_malformed_state_vector_raises_update_decode_exception() {
        assertThrows(UpdateDecodeException.class, () -> Y.diffUpdate(AB, new byte[0]));
        assertThrows(UpdateDecodeException.class, () -> Y.diffUpdate(AB, hex("02 01 02")));
    }

    @Test
    void huge_length_fields_fail_fast_without_allocating() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            // 2^53-1 clients / structs / delete-set entries, then nothing
            assertMalformed(hex("ff ff ff ff ff ff ff 0f"));
            assertMalformed(hex("01 ff ff ff ff ff ff ff 0f 01 00"));
            assertMalformed(hex("00 01 01 ff ff ff ff ff ff ff 0f"));
            // a string of 4 GiB
            assertMalformed(hex("01 01 01 00 04 01 01 74 ff ff ff ff 0f 61"));
            // a GC, a Skip and ContentAny lengths beyond what an int holds
            assertMalformed(hex("01 01 01 00 00 ff ff ff ff 0f 00"));
            assertMalformed(hex("01 01 01 00 0a ff ff ff ff 0f 00"));
            assertMalformed(hex("01 01 01 00 08 01 01 74 ff ff ff ff 0f 7d 01"));
            // clocks beyond 2^53 - 1
            assertMalformed(hex("01 01 01 fe ff ff ff ff ff ff 0f 00 05 00"));
        });
    }

    @Test
    void empty_structs_are_malformed() {
        assertMalformed(update().run(1, 0, gc(0)).build());
        assertMalformed(update().run(1, 0, item().root("t").string("")).build());
    }

    @Test
    void random_and_mutated_bytes_never_fail_otherwise_nor_hang() {
        Random random = new Random(42);
        byte[] valid = update().run(2, 0, item().root("t").key("k").any("v", 1.5, List.of(1L)))
                .run(1, 0, item().root("t").string("abc"), gc(3), item().origin(1, 5).rightOrigin(2, 0).string("z"),
                        item().parent(2, 0).type(2), item().origin(1, 6).format("bold", "true"))
                .deleted(1, 2, 3).build();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                byte[] input;
                if (i % 2 == 0) {
                    input = new byte[random.nextInt(40)];
                    random.nextBytes(input);
                } else {
                    input = valid.clone();
                    for (int m = 0, n = 1 + random.nextInt(3); m < n; m++) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                byte[] in = input;
                tolerate(() -> Y.mergeUpdates(List.of(valid, in)));
                tolerate(() -> Y.mergeUpdates(List.of(in, in)));
                tolerate(() -> Y.diffUpdate(in, EMPTY_SV));
                tolerate(() -> Y.diffUpdate(valid, in));
                tolerate(() -> Y.encodeStateVectorFromUpdate(in));
            }
        });
    }

    private static void tolerate(Runnable op) {
        try {
            op.run();
        } catch (UpdateDecodeException expected) {
            // fine: malformed
        }
    }
}
