package dev.promptcards.crdt.sync;

import static dev.promptcards.crdt.sync.Frames.bytes;
import static dev.promptcards.crdt.sync.Frames.concat;
import static dev.promptcards.crdt.sync.Frames.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.lib0.DecodeException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The y-websocket envelope and the y-protocols sync/auth messages, byte for byte.
 *
 * <p>Golden frames are derived from the writers in y-protocols ({@code sync.js writeSyncStep1},
 * {@code writeSyncStep2}, {@code writeUpdate}, {@code auth.js writePermissionDenied},
 * {@code awareness.js encodeAwarenessUpdate}) wrapped as y-websocket does
 * ({@code writeVarUint(encoder, messageType)} first), and were checked against y-protocols 1.0.7 with
 * yjs 13.6.33 under Node.
 */
class MessageCodecTest {

    /** An update inserting "hi" into root text "t" by client 1 (what yjs emits for it). */
    static final byte[] HI_UPDATE = bytes(
            1, // one client with structs
            1, 1, 0, // one struct, client 1, first clock 0
            4, 1, 1, "t", // info: ContentString (4), parent is a root name (1): varString "t"
            2, "hi", // the string
            0); // empty delete set

    // ---- golden bytes of every message kind ----

    @Test
    void sync_step1_of_an_empty_state_vector_is_0_0_1_0() {
        // messageSync, messageYjsSyncStep1, varUint8Array of the empty state vector [0]
        Message message = Message.syncStep1(bytes(0));
        assertEquals("[0, 0, 1, 0]", show(Message.encode(message)));
        assertEquals(List.of(message), Message.decodeAll(bytes(0, 0, 1, 0)));
    }

    @Test
    void sync_step2_of_an_empty_update_is_0_1_2_0_0() {
        Message message = Message.syncStep2(bytes(0, 0));
        assertEquals("[0, 1, 2, 0, 0]", show(Message.encode(message)));
        assertEquals(List.of(message), Message.decodeAll(bytes(0, 1, 2, 0, 0)));
    }

    @Test
    void sync_update_is_0_2_then_the_update_as_var_uint8_array() {
        Message message = Message.update(HI_UPDATE);
        byte[] frame = Message.encode(message);
        assertEquals("[0, 2, 12, 1, 1, 1, 0, 4, 1, 1, 116, 2, 104, 105, 0]", show(frame));
        assertEquals(List.of(message), Message.decodeAll(frame));
    }

    @Test
    void sync_step1_carries_the_state_vector_bytes() {
        // state vector {1: 2}: one entry, client 1, clock 2
        Message message = Message.syncStep1(bytes(1, 1, 2));
        assertEquals("[0, 0, 3, 1, 1, 2]", show(Message.encode(message)));
        assertEquals(List.of(message), Message.decodeAll(bytes(0, 0, 3, 1, 1, 2)));
    }

    @Test
    void awareness_is_1_then_the_awareness_update_as_var_uint8_array() {
        // awareness.js encodeAwarenessUpdate: varUint(1 client) varUint(clientID 5) varUint(clock 1)
        // varString(JSON.stringify({a: 1}))
        byte[] update = bytes(1, 5, 1, 7, "{\"a\":1}");
        Message message = new Message.Awareness(update);
        byte[] frame = Message.encode(message);
        assertEquals("[1, 11, 1, 5, 1, 7, 123, 34, 97, 34, 58, 49, 125]", show(frame));
        assertEquals(List.of(message), Message.decodeAll(frame));
    }

    @Test
    void permission_denied_is_2_0_then_the_reason_as_var_string() {
        Message message = Message.permissionDenied("read-only");
        byte[] frame = Message.encode(message);
        assertEquals("[2, 0, 9, 114, 101, 97, 100, 45, 111, 110, 108, 121]", show(frame));
        assertEquals(List.of(message), Message.decodeAll(frame));
    }

    @Test
    void permission_denied_reason_is_utf8_with_its_byte_length() {
        // "é" is two UTF-8 bytes, "😀" four: the length counts bytes (lib0 writeVarString)
        byte[] frame = Message.encode(Message.permissionDenied("é😀"));
        assertEquals("[2, 0, 6, 195, 169, 240, 159, 152, 128]", show(frame));
        assertEquals(List.of(new Message.Auth.PermissionDenied("é😀")), Message.decodeAll(frame));
    }

    @Test
    void query_awareness_is_the_single_byte_3() {
        assertEquals("[3]", show(Message.encode(Message.QueryAwareness.INSTANCE)));
        assertEquals(List.of(new Message.QueryAwareness()), Message.decodeAll(bytes(3)));
    }

    @Test
    void payload_lengths_of_128_and_more_take_a_two_byte_var_uint() {
        byte[] update = new byte[200];
        update[199] = 7;
        byte[] frame = Message.encode(new Message.Awareness(update));
        // 200 = 0b1_1001000: low 7 bits 72 with the continuation bit (200), then 1
        assertEquals(203, frame.length);
        assertEquals("[1, 200, 1, 0]", show(java.util.Arrays.copyOf(frame, 4)));
        assertEquals(7, frame[202]);
        assertEquals(List.of(new Message.Awareness(update)), Message.decodeAll(frame));
    }

    @Test
    void other_auth_types_keep_the_rest_of_the_frame_as_payload() {
        List<Message> messages = Message.decodeAll(bytes(3, 2, 7, 9, 9));
        assertEquals(List.of(Message.QueryAwareness.INSTANCE, new Message.Auth.Other(7, bytes(9, 9))), messages);
        assertEquals("[3, 2, 7, 9, 9]", show(Message.encode(messages)));
        assertEquals(List.of(new Message.Auth.Other(1, bytes())), Message.decodeAll(bytes(2, 1)));
    }

    @Test
    void other_auth_message_must_be_last_when_encoding_several() {
        List<Message> messages = List.of(new Message.Auth.Other(7, bytes()), Message.QueryAwareness.INSTANCE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Message.encode(messages));
        assertEquals("an Auth.Other message must be the last of a frame, but it is message 0 of 2", e.getMessage());
    }

    @Test
    void other_auth_type_zero_is_refused_because_zero_is_permission_denied() {
        assertThrows(IllegalArgumentException.class, () -> new Message.Auth.Other(0, bytes()));
        assertThrows(IllegalArgumentException.class, () -> new Message.Auth.Other(-1, bytes()));
        assertThrows(IllegalArgumentException.class, () -> new Message.Auth.Other(1L << 53, bytes()));
    }

    @Test
    void message_types_are_the_y_websocket_numbers() {
        assertEquals(0, Message.syncStep1(bytes(0)).type());
        assertEquals(1, new Message.Awareness(bytes()).type());
        assertEquals(2, Message.permissionDenied("x").type());
        assertEquals(2, new Message.Auth.Other(5, bytes()).type());
        assertEquals(3, Message.QueryAwareness.INSTANCE.type());
        assertEquals(0, new SyncMessage.SyncStep1(bytes(0)).type());
        assertEquals(1, new SyncMessage.SyncStep2(bytes(0, 0)).type());
        assertEquals(2, new SyncMessage.Update(bytes(0, 0)).type());
        assertEquals(0, Message.permissionDenied("x").authType());
    }

    @Test
    void only_sync_step2_and_update_change_the_document() {
        assertFalse(new SyncMessage.SyncStep1(bytes(0)).changesDocument());
        assertTrue(new SyncMessage.SyncStep2(bytes(0, 0)).changesDocument());
        assertTrue(new SyncMessage.Update(bytes(0, 0)).changesDocument());
    }

    @Test
    void messages_compare_and_print_by_content() {
        assertEquals(Message.update(bytes(0, 0)), Message.update(bytes(0, 0)));
        assertEquals(Message.update(bytes(0, 0)).hashCode(), Message.update(bytes(0, 0)).hashCode());
        assertNotEquals(Message.update(bytes(0, 0)), Message.syncStep2(bytes(0, 0)));
        assertNotEquals(new Message.Awareness(bytes(1)), new Message.Awareness(bytes(2)));
        assertEquals("Sync[message=Update[update=2 bytes: 00 00]]", Message.update(bytes(0, 0)).toString());
        assertEquals("Awareness[update=1 byte: ff]", new Message.Awareness(bytes(255)).toString());
        assertEquals("Other[authType=7, payload=0 bytes]", new Message.Auth.Other(7, bytes()).toString());
    }

    // ---- several messages in one frame ----

    @Test
    void a_frame_with_several_messages_yields_them_all_in_order() {
        byte[] frame = concat(
                bytes(0, 1, 2, 0, 0), // SyncStep2 (the reply to the client's SyncStep1) ...
                bytes(0, 0, 1, 0), // ... immediately followed by SyncStep1 (y-protocols sync.js)
                bytes(1, 3, 1, 2, 3), // an awareness update
                bytes(3), // query awareness
                bytes(2, 0, 2, "no")); // permission denied
        List<Message> expected = List.of(
                Message.syncStep2(bytes(0, 0)),
                Message.syncStep1(bytes(0)),
                new Message.Awareness(bytes(1, 2, 3)),
                Message.QueryAwareness.INSTANCE,
                Message.permissionDenied("no"));
        assertEquals(expected, Message.decodeAll(frame));
        assertEquals(show(frame), show(Message.encode(expected)));
    }

    @Test
    void encoding_several_messages_concatenates_their_single_encodings() {
        List<Message> messages = List.of(Message.update(HI_UPDATE), Message.QueryAwareness.INSTANCE,
                Message.update(HI_UPDATE));
        byte[] expected = concat(Message.encode(messages.get(0)), bytes(3), Message.encode(messages.get(2)));
        assertEquals(show(expected), show(Message.encode(messages)));
        assertEquals(messages, Message.decodeAll(expected));
    }

    @Test
    void an_empty_frame_holds_no_messages() {
        assertEquals(List.of(), Message.decodeAll(bytes()));
        assertEquals("[]", show(Message.encode(List.of())));
    }

    @Test
    void a_frame_can_be_read_from_a_range_of_a_larger_array() {
        byte[] array = bytes(99, 99, 0, 0, 1, 0, 3, 99);
        assertEquals(List.of(Message.syncStep1(bytes(0)), Message.QueryAwareness.INSTANCE),
                Message.decodeAll(array, 2, 5));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(array, 2, 3));
        assertEquals(2, e.offset()); // relative to the start of the range
    }

    @Test
    void decoded_messages_do_not_share_the_frame_array() {
        byte[] frame = bytes(0, 2, 2, 0, 0);
        Message.Sync message = (Message.Sync) Message.decodeAll(frame).get(0);
        frame[3] = 5;
        assertEquals("[0, 0]", show(message.message().payload()));
    }

    @Test
    void decoded_message_list_is_unmodifiable() {
        List<Message> messages = Message.decodeAll(bytes(3));
        assertThrows(UnsupportedOperationException.class, () -> messages.add(Message.QueryAwareness.INSTANCE));
    }

    // ---- malformed frames ----

    @Test
    void unknown_message_type_is_rejected_with_its_offset() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(0, 0, 1, 0, 9, 1, 2)));
        assertEquals(4, e.offset());
        assertEquals("unknown message type 9 at offset 4", e.getMessage());
    }

    @Test
    void large_unknown_message_type_is_reported_with_its_value() {
        // varUint 2^32: four continuation bytes of 0 then 16
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(128, 128, 128, 128, 16)));
        assertEquals(0, e.offset());
        assertEquals("unknown message type 4294967296 at offset 0", e.getMessage());
    }

    @Test
    void unknown_sync_message_type_is_rejected_with_its_offset() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(3, 0, 3, 1, 0)));
        assertEquals(2, e.offset());
        assertEquals("unknown sync message type 3 at offset 2 (in the sync message at offset 1)", e.getMessage());
    }

    @Test
    void truncated_update_is_rejected_with_the_offset_of_its_length() {
        // declares 12 bytes, has 3
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(0, 2, 12, 1, 1, 1)));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed sync update at offset 2 (in the message at"
                + " offset 0): "), e.getMessage());
        assertInstanceOf(DecodeException.class, e.getCause());
    }

    @Test
    void truncation_in_a_later_message_rejects_the_whole_frame() {
        // a complete query awareness, then an awareness message declaring 5 bytes with 2 left
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(3, 1, 5, 1, 2)));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed awareness update at offset 2 (in the message"
                + " at offset 1): "), e.getMessage());
    }

    @Test
    void sync_message_without_its_type_is_truncated() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(0)));
        assertEquals(1, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed sync message type at offset 1"), e.getMessage());
    }

    @Test
    void sync_step1_without_its_state_vector_is_truncated() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(0, 0)));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed sync step 1 state vector at offset 2"),
                e.getMessage());
    }

    @Test
    void message_type_cut_inside_its_var_uint_is_truncated() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(3, 128)));
        assertEquals(1, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed message type at offset 1"), e.getMessage());
    }

    @Test
    void message_type_beyond_53_bits_is_malformed() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Message.decodeAll(bytes(255, 255, 255, 255, 255, 255, 255, 255, 127)));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed message type at offset 0"), e.getMessage());
    }

    @Test
    void truncated_permission_denied_reason_is_rejected() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(2, 0, 5, "ab")));
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().startsWith("truncated or malformed permission denied reason at offset 2"),
                e.getMessage());
        ProtocolException missing = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(2, 0)));
        assertEquals(2, missing.offset());
        ProtocolException noAuthType = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(2)));
        assertEquals(1, noAuthType.offset());
        assertTrue(noAuthType.getMessage().startsWith("truncated or malformed auth message type at offset 1"),
                noAuthType.getMessage());
    }

    @Test
    void permission_denied_reason_with_invalid_utf8_is_rejected() {
        // lib0 reads strings with a fatal TextDecoder
        ProtocolException e = assertThrows(ProtocolException.class, () -> Message.decodeAll(bytes(2, 0, 1, 255)));
        assertEquals(2, e.offset());
    }
}
