package dev.promptcards.crdt.lib0;

import static dev.promptcards.crdt.lib0.Bytes.encode;
import static dev.promptcards.crdt.lib0.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte vectors derived by hand from lib0 encoding.js (v0.2.99): writeVarUint emits 7 bits per byte, low
 * group first, bit 7 = continue; writeVarInt's first byte is continue | sign (bit 6) | 6 bits.
 */
class EncoderTest {

    @ParameterizedTest(name = "varUint {0} -> {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "300, ac02",
        "16383, ff7f",
        "16384, 808001",
        "2147483647, ffffffff07",
        "4294967295, ffffffff0f",
        "4294967296, 8080808010",
        "9007199254740991, ffffffffffffff0f",
    })
    void var_uint_matches_lib0_bytes(long value, String expected) {
        assertEquals(expected, encode(e -> e.writeVarUint(value)));
    }

    @ParameterizedTest(name = "varInt {0} -> {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "63, 3f",
        "64, 8001",
        "8191, bf7f",
        "8192, 808001",
        "-1, 41",
        "-63, 7f",
        "-64, c001",
        "-8192, c08001",
        "2147483647, bfffffff0f",
        "-2147483647, ffffffff0f",
        "9007199254740991, bfffffffffffff1f",
        "-9007199254740991, ffffffffffffff1f",
    })
    void var_int_matches_lib0_bytes(long value, String expected) {
        assertEquals(expected, encode(e -> e.writeVarInt(value)));
        assertEquals(expected, encode(e -> e.writeVarInt((double) value)));
    }

    @Test
    void var_int_of_negative_zero_sets_only_the_sign_bit() {
        assertEquals("40", encode(e -> e.writeVarInt(-0.0)));
        assertEquals("00", encode(e -> e.writeVarInt(0.0)));
    }

    @Test
    void var_uint_refuses_values_outside_zero_to_max_safe_integer() {
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarUint(-1));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarUint(1L << 53));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarUint(Long.MIN_VALUE));
    }

    @Test
    void var_int_refuses_values_beyond_53_bits_and_non_integers() {
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(Long.MIN_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(1L << 53));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(-(1L << 53)));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(0.5));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> new Encoder().writeVarInt(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Encoder().writeVarInt(9007199254740992.0));
    }

    /** Cases: name, string, expected bytes. Unicode escapes are Java escapes, not CSV text. */
    static Stream<Arguments> utf8Cases() {
        return Stream.of(
                Arguments.of("empty", "", "00"),
                Arguments.of("ascii", "abc", "03616263"),
                Arguments.of("nul", "\u0000", "0100"),
                Arguments.of("two-byte e-acute", "\u00e9", "02c3a9"),
                Arguments.of("two-byte max", "\u07ff", "02dfbf"),
                Arguments.of("three-byte min", "\u0800", "03e0a080"),
                Arguments.of("euro", "\u20ac", "03e282ac"),
                Arguments.of("three-byte max", "\uffff", "03efbfbf"),
                Arguments.of("byte order mark", "\ufeff", "03efbbbf"),
                Arguments.of("surrogate pair U+1F600", "\ud83d\ude00", "04f09f9880"),
                Arguments.of("surrogate pair U+10FFFF", "\udbff\udfff", "04f48fbfbf"),
                Arguments.of("lone high and lone low", "a\ud800b\udc00", "0861efbfbd62efbfbd"),
                Arguments.of("reversed pair is two lone surrogates", "\udc00\ud800", "06efbfbdefbfbd"),
                Arguments.of("high surrogate at end", "x\ud83d", "0478efbfbd"));
    }

    @ParameterizedTest(name = "varString {0}")
    @MethodSource("utf8Cases")
    void var_string_writes_utf8_like_text_encoder(String name, String value, String expected) {
        assertEquals(expected, encode(e -> e.writeVarString(value)));
    }

    @Test
    void var_string_length_prefix_counts_utf8_bytes_not_chars() {
        String s = "a".repeat(127) + "\u00e9"; // 129 bytes
        assertEquals("8101" + "61".repeat(127) + "c3a9", encode(e -> e.writeVarString(s)));
    }

    @Test
    void float32_is_big_endian_ieee754() {
        assertEquals("3f000000", encode(e -> e.writeFloat32(0.5f)));
        assertEquals("3f800000", encode(e -> e.writeFloat32(1.0f)));
        assertEquals("c0200000", encode(e -> e.writeFloat32(-2.5f)));
        assertEquals("3dcccccd", encode(e -> e.writeFloat32(0.1f)));
        assertEquals("7f800000", encode(e -> e.writeFloat32(Float.POSITIVE_INFINITY)));
    }

    @Test
    void float64_is_big_endian_ieee754() {
        assertEquals("3ff0000000000000", encode(e -> e.writeFloat64(1.0)));
        assertEquals("3fb999999999999a", encode(e -> e.writeFloat64(0.1)));
        assertEquals("3ff199999999999a", encode(e -> e.writeFloat64(1.1)));
        assertEquals("8000000000000000", encode(e -> e.writeFloat64(-0.0)));
        assertEquals("7ff8000000000000", encode(e -> e.writeFloat64(Double.NaN)));
    }

    @Test
    void big_int64_is_big_endian_twos_complement() {
        assertEquals("0000000000000001", encode(e -> e.writeBigInt64(1)));
        assertEquals("ffffffffffffffff", encode(e -> e.writeBigInt64(-1)));
        assertEquals("8000000000000000", encode(e -> e.writeBigInt64(Long.MIN_VALUE)));
        assertEquals("0102030405060708", encode(e -> e.writeBigInt64(0x0102030405060708L)));
    }

    @Test
    void uint8_keeps_only_the_low_8_bits() {
        assertEquals("00ff7fff", encode(e -> {
            e.writeUint8(0);
            e.writeUint8(255);
            e.writeUint8(127);
            e.writeUint8(0x1ff);
        }));
    }

    @Test
    void var_uint8_array_is_length_then_bytes_and_uint8_array_is_raw() {
        assertEquals("03010203", encode(e -> e.writeVarUint8Array(new byte[] {1, 2, 3})));
        assertEquals("00", encode(e -> e.writeVarUint8Array(new byte[0])));
        assertEquals("010203", encode(e -> e.writeUint8Array(new byte[] {1, 2, 3})));
    }

    @Test
    void buffer_grows_across_many_writes_of_mixed_sizes() {
        Encoder e = new Encoder(0);
        byte[] chunk = new byte[1000];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        for (int i = 0; i < 300; i++) {
            e.writeUint8(i);
            e.writeUint8Array(chunk);
            e.writeVarUint(9007199254740991L);
        }
        byte[] out = e.toByteArray();
        assertEquals(300 * (1 + 1000 + 8), out.length);
        assertEquals(out.length, e.length());
        for (int i = 0; i < 300; i++) {
            int base = i * 1009;
            assertEquals((byte) i, out[base]);
            assertEquals((byte) 999, out[base + 1000]);
            assertEquals((byte) 0x0f, out[base + 1008]);
        }
    }

    @Test
    void to_byte_array_is_a_copy_and_the_encoder_can_go_on() {
        Encoder e = new Encoder();
        e.writeUint8(1);
        byte[] first = e.toByteArray();
        first[0] = 9;
        e.writeUint8(2);
        assertArrayEquals(new byte[] {1, 2}, e.toByteArray());
        assertEquals(2, e.length());
    }

    @Test
    void long_strings_are_written_in_one_piece() {
        String s = "\u00e9".repeat(50_000); // 100000 bytes
        Encoder e = new Encoder();
        e.writeVarString(s);
        byte[] out = e.toByteArray();
        assertEquals("a08d06", hex(java.util.Arrays.copyOf(out, 3))); // varUint 100000
        assertEquals(3 + 100_000, out.length);
        assertEquals(s, new Decoder(out).readVarString());
    }
}
