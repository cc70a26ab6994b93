package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.sync.Message;
import java.util.ArrayList;
import java.util.List;

/** Builds the frames the tests send and expect, byte by byte. */
final class Frames {

    private Frames() {
    }

    /** An awareness update of one client (y-protocols encodeAwarenessUpdate). */
    static byte[] awarenessUpdate(long client, long clock, String json) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(1);
        encoder.writeVarUint(client);
        encoder.writeVarUint(clock);
        encoder.writeVarString(json);
        return encoder.toByteArray();
    }

    /** An awareness update removing {@code count} clients from {@code first} on: each {@code (client, 1, null)}. */
    static byte[] awarenessNulls(long first, int count) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(count);
        for (long client = first; client < first + count; client++) {
            encoder.writeVarUint(client);
            encoder.writeVarUint(1);
            encoder.writeVarString("null");
        }
        return encoder.toByteArray();
    }

    /** {@code [1, varUint8Array(update)]}. */
    static byte[] awareness(byte[] update) {
        return Message.encode(new Message.Awareness(update));
    }

    /** {@code [0, 2, varUint8Array(update)]}. */
    static byte[] update(byte[] update) {
        return Message.encode(Message.update(update));
    }

    /** Concatenates frames (several messages in one frame). */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Unsigned bytes as ints, for readable literals. */
    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /**
     * A client's edit: {@code text} typed at the start of the template of a fresh document of that client.
     *
     * @param client the client id
     * @param text   what it types
     * @return the update it emits
     */
    static byte[] edit(long client, String text) {
        Doc doc = new Doc(client);
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        doc.getText("template").insert(0, text);
        return updates.getFirst();
    }
}
