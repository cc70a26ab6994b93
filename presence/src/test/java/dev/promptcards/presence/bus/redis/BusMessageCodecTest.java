package dev.promptcards.presence.bus.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.presence.bus.BusMessage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BusMessageCodecTest {

    @ParameterizedTest
    @EnumSource(BusMessage.Kind.class)
    void every_kind_survives_the_round_trip_with_its_node_sequence_target_and_payload(BusMessage.Kind kind) {
        byte[] payload = {0, 13, 10, (byte) 0xFF, 42};
        BusMessage sent = new BusMessage(kind, "node-a", 1_234_567_890_123L, "node-b", payload);

        BusMessage read = BusMessageCodec.decode(BusMessageCodec.encode(sent));

        assertEquals(kind, read.kind());
        assertEquals("node-a", read.node());
        assertEquals(1_234_567_890_123L, read.sequence());
        assertEquals("node-b", read.to());
        assertArrayEquals(payload, read.payload());
    }

    @Test
    void a_message_for_every_node_keeps_no_target_and_may_have_an_empty_payload() {
        BusMessage read = BusMessageCodec.decode(BusMessageCodec.encode(
                new BusMessage(BusMessage.Kind.AWARENESS, "n1", 1, new byte[0])));

        assertNull(read.to());
        assertEquals(0, read.payload().length);
    }

    @Test
    void the_bytes_are_version_kind_code_node_sequence_target_payload() {
        byte[] bytes = BusMessageCodec.encode(new BusMessage(BusMessage.Kind.SYNC_REPLY, "n", 3, "m", new byte[] {7}));

        assertArrayEquals(new byte[] {1, 4, 1, 'n', 3, 1, 'm', 1, 7}, bytes);
    }

    @Test
    void the_kind_codes_are_fixed_not_ordinals() {
        assertEquals(1, BusMessageCodec.code(BusMessage.Kind.UPDATE));
        assertEquals(2, BusMessageCodec.code(BusMessage.Kind.AWARENESS));
        assertEquals(3, BusMessageCodec.code(BusMessage.Kind.SYNC_REQUEST));
        assertEquals(4, BusMessageCodec.code(BusMessage.Kind.SYNC_REPLY));
        assertEquals(5, BusMessageCodec.code(BusMessage.Kind.DELETED));
    }

    @Test
    void foreign_bytes_are_rejected_with_the_reason() {
        assertEquals("not lib0 as expected: ", reason(new byte[0]).substring(0, 22));
        assertEquals("unsupported format version 2", reason(new byte[] {2, 1, 1, 'n', 1, 0, 0}));
        assertEquals("unknown kind 9", reason(new byte[] {1, 9, 1, 'n', 1, 0, 0}));
        assertEquals("no node id", reason(new byte[] {1, 1, 0, 1, 0, 0}));
        assertEquals("sequence 0", reason(new byte[] {1, 1, 1, 'n', 0, 0, 0}));
        assertEquals("bytes after the payload", reason(new byte[] {1, 1, 1, 'n', 1, 0, 0, 0}));
        assertEquals("not lib0 as expected", reason(new byte[] {1, 1, 1, 'n', 1, 0, 5, 1}).substring(0, 20));
        assertEquals("unsupported format version 123", reason("{\"json\":1}".getBytes()));
    }

    @Test
    void a_rejection_names_the_sending_node_once_it_was_read() {
        byte[] valid = BusMessageCodec.encode(new BusMessage(BusMessage.Kind.UPDATE, "node-x", 5, new byte[] {1, 2}));
        byte[] truncated = Arrays.copyOf(valid, valid.length - 1);

        BusMessageCodec.Malformed error = assertThrows(BusMessageCodec.Malformed.class,
                () -> BusMessageCodec.decode(truncated));

        assertEquals("node-x", error.node());
    }

    @Test
    void a_sequence_beyond_lib0_safe_integers_is_rejected() {
        Encoder encoder = new Encoder();
        encoder.writeUint8(1);
        encoder.writeVarUint(1);
        encoder.writeVarString("n");
        byte[] head = encoder.toByteArray();
        byte[] bytes = Arrays.copyOf(head, head.length + 9);
        Arrays.fill(bytes, head.length, bytes.length, (byte) 0xFF);

        assertThrows(BusMessageCodec.Malformed.class, () -> BusMessageCodec.decode(bytes));
    }

    private static String reason(byte[] bytes) {
        return assertThrows(BusMessageCodec.Malformed.class, () -> BusMessageCodec.decode(bytes)).getMessage();
    }
}
