package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Encoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static dev.promptcards.presence.Updates.hex;
import static dev.promptcards.presence.Updates.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A malformed update is refused as a whole with {@link AwarenessDecodeException}, the awareness untouched. */
class AwarenessMalformedUpdateTest {

    private final Awareness awareness = new Awareness(() -> 0L);
    private String before;

    @BeforeEach
    void knownStates() {
        awareness.applyUpdate(Updates.update().entry(1, 5, "{\"name\":\"Ann\"}").entry(2, 3, "{\"name\":\"Bob\"}")
                .bytes());
        awareness.removeStates(List.of(2L));
        before = snapshot();
    }

    /** Everything observable: states in order, their JSON, every clock. */
    private String snapshot() {
        return awareness.clientsWithState() + " " + awareness.stateJson(1) + " " + awareness.stateJson(2) + " "
                + awareness.stateJson(3) + " " + awareness.clock(1) + " " + awareness.clock(2) + " "
                + awareness.clock(3) + " " + hex(awareness.encodeUpdate(List.of(1L, 2L)));
    }

    private AwarenessDecodeException refused(byte[] update) {
        AwarenessDecodeException e = assertThrows(AwarenessDecodeException.class, () -> awareness.applyUpdate(update));
        assertEquals(before, snapshot());
        return e;
    }

    @Test
    void every_truncation_of_a_valid_update_is_refused() {
        // entry 1 would remove client 1 (equal clock, null), entry 2 re-add client 2, entry 3 add client 3
        byte[] valid = Updates.update().entry(1, 5, "null").entry(2, 5, "{\"name\":\"Bob\"}")
                .entry(3, 1, "{\"name\":\"Cy\"}").bytes();
        for (int length = 0; length < valid.length; length++) {
            refused(Arrays.copyOf(valid, length));
        }
        assertEquals(new Awareness.Change(List.of(2L, 3L), List.of(), List.of(1L)), awareness.applyUpdate(valid));
    }

    @Test
    void an_empty_update_is_refused() {
        assertEquals("awareness update: bad entry count: varUint at offset 0: unexpected end of input (input length 0)",
                refused(new byte[0]).getMessage());
    }

    @Test
    void a_truncated_entry_is_named_with_its_index_and_offset() {
        byte[] update = Updates.update().entry(3, 1, "{}").entry(4, 1, "{\"x\":1}").bytes();
        byte[] cut = Arrays.copyOf(update, update.length - 1);

        assertEquals("awareness update: entry 1 at offset 6: varString at offset 8: length 7 exceeds the 6"
                + " remaining bytes", refused(cut).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{a:1}", "{\"a\":1,}", "{\"a\":1} x", "undefined", "'x'", "NaN", "{",
            "[1,2", "01", "\"\t\"", "{\"a\":1}{}"})
    void a_state_that_is_not_json_is_refused_and_earlier_entries_are_not_applied(String json) {
        byte[] update = Updates.update().entry(3, 1, "{\"name\":\"Cy\"}").entry(1, 9, json).bytes();

        AwarenessDecodeException e = refused(update);
        assertInstanceOf(DecodeException.class, e.getCause());
    }

    @Test
    void a_bad_json_state_is_named_in_the_message() {
        assertEquals("awareness update: entry 0 at offset 1: JSON at offset 1: unexpected character 'a'",
                refused(single(3, 1, "{a:1}")).getMessage());
    }

    @Test
    void a_state_nested_deeper_than_the_json_limit_is_refused() {
        refused(single(3, 1, "[".repeat(1001) + "]".repeat(1001)));
    }

    @Test
    void invalid_utf8_in_a_state_is_refused() {
        // (3, 1, 4-byte string '"', 0xC3, 0x28, '"'): 0xC3 0x28 is not UTF-8 (TextDecoder fatal throws)
        refused(new byte[] {1, 3, 1, 4, '"', (byte) 0xC3, 0x28, '"'});
    }

    @Test
    void a_huge_count_is_refused_before_reading_entries() {
        Encoder encoder = new Encoder();
        encoder.writeVarUint((1L << 53) - 1);
        encoder.writeUint8Array(Arrays.copyOfRange(single(3, 1, "{}"), 1, 6));

        assertEquals("awareness update: 9007199254740991 entries cannot fit in the 5 remaining bytes",
                refused(encoder.toByteArray()).getMessage());
    }

    @Test
    void a_count_larger_than_the_entries_present_is_refused() {
        byte[] update = Updates.update().entry(3, 1, "{}").entry(4, 1, "{}").entry(5, 1, "{}").bytes();
        update[0] = 4; // 15 bytes hold at most 3 entries of 4 bytes

        assertEquals("awareness update: 4 entries cannot fit in the 15 remaining bytes",
                refused(update).getMessage());
    }

    @Test
    void a_count_within_the_input_but_beyond_its_entries_is_refused() {
        byte[] update = Updates.update().entry(3, 1, "{\"name\":\"Cy\"}").bytes();
        update[0] = 2;

        refused(update);
    }

    @Test
    void a_count_above_53_bits_is_refused() {
        // varUint 2^53: lib0 readVarUint throws "Integer out of Range"
        refused(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, 0x10, 3, 1, 2, '{', '}'});
    }

    @Test
    void a_clock_above_53_bits_is_refused() {
        byte[] update = new byte[] {1, 3, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0x10, 2, '{', '}'};

        assertEquals("awareness update: entry 0 at offset 1: varUint at offset 2: integer out of range (more than"
                + " 53 bits)", refused(update).getMessage());
    }

    @Test
    void the_awareness_still_works_after_refusing_an_update() {
        refused(single(3, 1, "{"));

        assertEquals(new Awareness.Change(List.of(3L), List.of(), List.of()),
                awareness.applyUpdate(single(3, 1, "{}")));
        assertEquals(Optional.of("{}"), awareness.stateJson(3));
    }
}
