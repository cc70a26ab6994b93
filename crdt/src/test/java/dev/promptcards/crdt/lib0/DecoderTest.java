package dev.promptcards.crdt.lib0;

import static dev.promptcards.crdt.lib0.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors derived by hand from lib0 decoding.js (v0.2.99); failures must be DecodeExceptions. */
class DecoderTest {

    private static void assertDecodeError(String message, Executable read) {
        DecodeException e = assertThrows(DecodeException.class, read);
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{1} -> varUint {0}")
    @CsvSource({
        "0, 00",
        "127, 7f",
        "128, 8001",
        "16383, ff7f",
        "16384, 808001",
        "2147483647, ffffffff07",
        "4294967296, 8080808010",
        "9007199254740991, ffffffffffffff0f",
        "0, 8000",
        "127, ff8080808000",
    })
    void var_uint_reads_lib0_bytes_including_overlong_forms(long expected, String bytes) {
        Decoder d = new Decoder(hex(bytes));
        assertEquals(expected, d.readVarUint());
        assertFalse(d.hasContent());
    }

    @ParameterizedTest(name = "{1} -> varInt {0}")
    @CsvSource({
        "0, 00",
        "63, 3f",
        "64, 8001",
        "-1, 41",
        "-64, c001",
        "2147483647, bfffffff0f",
        "-2147483647, ffffffff0f",
        "9007199254740991, bfffffffffffff1f",
        "-9007199254740991, ffffffffffffff1f",
    })
    void var_int_reads_lib0_bytes(long expected, String bytes) {
        assertEquals(expected, new Decoder(hex(bytes)).readVarInt());
        assertEquals(expected, new Decoder(hex(bytes)).readVarIntNumber());
    }

    @Test
    void var_int_negative_zero_is_zero_as_long_and_minus_zero_as_number() {
        assertEquals(0L, new Decoder(hex("40")).readVarInt());
        assertEquals(-0.0, new Decoder(hex("40")).readVarIntNumber());
        assertEquals(-0.0, new Decoder(hex("c000")).readVarIntNumber()); // overlong -0
        assertEquals(0L, new Decoder(hex("00")).readVarIntNumber());
    }

    @Test
    void var_uint_beyond_53_bits_is_out_of_range() {
        assertDecodeError("varUint at offset 0: integer out of range (more than 53 bits)",
                () -> new Decoder(hex("8080808080808010")).readVarUint()); // 2^53
        assertDecodeError("varUint at offset 0: integer out of range (more than 53 bits)",
                () -> new Decoder(hex("ffffffffffffffffff01")).readVarUint());
        assertDecodeError("varUint at offset 0: integer out of range (more than 53 bits)",
                () -> new Decoder(hex("80808080808080808001")).readVarUint());
    }

    @Test
    void var_int_beyond_53_bits_is_out_of_range() {
        assertDecodeError("varInt at offset 0: integer out of range (more than 53 bits)",
                () -> new Decoder(hex("8080808080808020")).readVarInt()); // 2^53
        assertDecodeError("varInt at offset 0: integer out of range (more than 53 bits)",
                () -> new Decoder(hex("c080808080808020")).readVarInt()); // -2^53
    }

    @Test
    void truncated_var_ints_report_where_they_started() {
        assertDecodeError("varUint at offset 0: unexpected end of input (input length 1)",
                () -> new Decoder(hex("80")).readVarUint());
        assertDecodeError("varUint at offset 0: unexpected end of input (input length 0)",
                () -> new Decoder(new byte[0]).readVarUint());
        Decoder d = new Decoder(hex("05 ff ff"));
        assertEquals(5, d.readVarUint());
        assertDecodeError("varUint at offset 1: unexpected end of input (input length 3)", d::readVarUint);
        assertDecodeError("varInt at offset 0: unexpected end of input (input length 2)",
                () -> new Decoder(hex("8080")).readVarInt());
        assertDecodeError("varInt at offset 0: unexpected end of input (input length 0)",
                () -> new Decoder(new byte[0]).readVarInt());
    }

    @Test
    void fixed_size_reads_past_the_end_fail() {
        assertDecodeError("uint8 at offset 0: unexpected end of input (input length 0)",
                () -> new Decoder(new byte[0]).readUint8());
        assertDecodeError("float32 at offset 0: unexpected end of input (input length 3)",
                () -> new Decoder(hex("3f8000")).readFloat32());
        assertDecodeError("float64 at offset 0: unexpected end of input (input length 7)",
                () -> new Decoder(hex("3ff00000000000")).readFloat64());
        assertDecodeError("bigInt64 at offset 0: unexpected end of input (input length 1)",
                () -> new Decoder(hex("00")).readBigInt64());
        assertDecodeError("uint8Array at offset 0: unexpected end of input (input length 2)",
                () -> new Decoder(hex("0102")).readUint8Array(3));
        assertDecodeError("uint8Array at offset 0: negative length -1",
                () -> new Decoder(hex("0102")).readUint8Array(-1));
    }

    @Test
    void length_fields_larger_than_the_input_fail_before_allocating() {
        // varUint 2^40 = 80 80 80 80 80 20
        assertDecodeError("varUint8Array at offset 0: length 1099511627776 exceeds the 2 remaining bytes",
                () -> new Decoder(hex("808080808020 0102")).readVarUint8Array());
        assertDecodeError("varString at offset 0: length 1099511627776 exceeds the 0 remaining bytes",
                () -> new Decoder(hex("808080808020")).readVarString());
        assertDecodeError("varUint8Array at offset 0: length 9007199254740991 exceeds the 0 remaining bytes",
                () -> new Decoder(hex("ffffffffffffff0f")).readVarUint8Array());
        assertDecodeError("varString at offset 1: length 3 exceeds the 2 remaining bytes",
                () -> {
                    Decoder d = new Decoder(hex("00 03 6162"));
                    d.readUint8();
                    d.readVarString();
                });
    }

    @Test
    void fixed_size_values_are_big_endian() {
        Decoder d = new Decoder(hex("3f000000 c0200000 3fb999999999999a 8000000000000000 ffffffffffffffff"));
        assertEquals(0.5f, d.readFloat32());
        assertEquals(-2.5f, d.readFloat32());
        assertEquals(0.1, d.readFloat64());
        assertEquals(-0.0, d.readFloat64());
        assertEquals(-1L, d.readBigInt64());
        assertFalse(d.hasContent());
    }

    @Test
    void bytes_are_copied_out() {
        byte[] input = hex("03 010203 04");
        Decoder d = new Decoder(input);
        byte[] read = d.readVarUint8Array();
        assertArrayEquals(new byte[] {1, 2, 3}, read);
        read[0] = 9;
        assertEquals(1, input[1]);
        assertArrayEquals(new byte[] {4}, d.readUint8Array(1));
        assertArrayEquals(new byte[0], d.readUint8Array(0));
        assertEquals(5, d.position());
    }

    static Stream<Arguments> utf8Cases() {
        return EncoderTest.utf8Cases().filter(a -> !((String) a.get()[0]).contains("lone")
                && !((String) a.get()[0]).contains("end"));
    }

    @ParameterizedTest(name = "varString {0}")
    @MethodSource("utf8Cases")
    void var_string_reads_valid_utf8(String name, String expected, String bytes) {
        Decoder d = new Decoder(hex(bytes));
        assertEquals(expected, d.readVarString());
        assertFalse(d.hasContent());
    }

    @Test
    void var_string_keeps_a_leading_byte_order_mark_as_lib0_ignore_bom_does() {
        assertEquals("\ufeffA", new Decoder(hex("04 efbbbf 41")).readVarString());
    }

    @Test
    void var_string_returns_replacement_chars_that_were_encoded_for_lone_surrogates() {
        assertEquals("a\ufffdb\ufffd", new Decoder(hex("0861efbfbd62efbfbd")).readVarString());
    }

    @ParameterizedTest(name = "invalid UTF-8 {0}")
    @CsvSource({
        "01ff, 1",         // never valid
        "0180, 1",         // lone continuation byte
        "02c0af, 1",       // overlong '/'
        "02c1bf, 1",       // overlong
        "03e08080, 1",     // overlong 3-byte
        "03eda080, 1",     // encoded surrogate U+D800
        "03edbfbf, 1",     // encoded surrogate U+DFFF
        "04f08f8080, 1",   // overlong 4-byte
        "04f4908080, 1",   // above U+10FFFF
        "01f5, 1",         // invalid lead
        "02e282, 1",       // truncated 3-byte sequence
        "0561e282ac0a, -1", // valid: a euro LF (control row)
        "0361c328, 2",     // bad continuation after c3
        "03f09f98, 1",     // truncated 4-byte sequence
    })
    void var_string_rejects_invalid_utf8_like_lib0_fatal_text_decoder(String bytes, int badOffset) {
        if (badOffset < 0) {
            assertEquals("a\u20ac\n", new Decoder(hex(bytes)).readVarString());
            return;
        }
        assertDecodeError("varString at offset 0: invalid UTF-8 at offset " + badOffset,
                () -> new Decoder(hex(bytes)).readVarString());
    }

    @Test
    void a_sub_range_is_read_with_offsets_relative_to_its_start() {
        byte[] input = hex("ff 05 07 ff");
        Decoder d = new Decoder(input, 1, 2);
        assertEquals(0, d.position());
        assertEquals(2, d.remaining());
        assertEquals(5, d.readVarUint());
        assertEquals(7, d.readUint8());
        assertFalse(d.hasContent());
        assertEquals(2, d.position());
        assertDecodeError("uint8 at offset 2: unexpected end of input (input length 2)", d::readUint8);
        assertThrows(IndexOutOfBoundsException.class, () -> new Decoder(input, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> new Decoder(input, -1, 1));
    }

    @Test
    void decode_exception_exposes_the_offset() {
        DecodeException e = assertThrows(DecodeException.class, () -> new Decoder(hex("80")).readVarInt());
        assertEquals(0, e.offset());
        Decoder d = new Decoder(hex("0080"));
        d.readUint8();
        e = assertThrows(DecodeException.class, d::readVarInt);
        assertEquals(1, e.offset());
        assertEquals(-1, new DecodeException("free text").offset());
    }

    @Test
    void var_ints_round_trip_over_random_values() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 20_000; i++) {
            int bits = random.nextInt(0, 54);
            long value = bits == 0 ? 0 : random.nextLong(1L << (bits - 1), 1L << bits) & JsValues.MAX_SAFE_INTEGER;
            long signed = random.nextBoolean() ? -value : value;
            Encoder e = new Encoder();
            e.writeVarUint(value);
            e.writeVarInt(signed);
            Decoder d = new Decoder(e.toByteArray());
            assertEquals(value, d.readVarUint());
            assertEquals(signed, d.readVarInt());
            assertTrue(!d.hasContent());
        }
    }

    @Test
    void strings_round_trip_over_random_scalar_values() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(0, 20);
            for (int k = 0; k < n; k++) {
                int cp;
                do {
                    cp = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0, 0x80);
                        case 1 -> random.nextInt(0x80, 0x800);
                        case 2 -> random.nextInt(0x800, 0x10000);
                        default -> random.nextInt(0x10000, 0x110000);
                    };
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            Encoder e = new Encoder();
            e.writeVarString(s);
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Decoder d = new Decoder(e.toByteArray());
            assertEquals(utf8.length, d.readVarUint());
            assertArrayEquals(utf8, d.readUint8Array(utf8.length));
            assertEquals(s, new Decoder(e.toByteArray()).readVarString());
        }
    }
}
