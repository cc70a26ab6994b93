package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.crdt.lib0.JsJson;

/** Writes the parts of a Yjs update, format v1. Yjs: {@code UpdateEncoderV1} in {@code utils/UpdateEncoder.js}. */
final class UpdateEncoderV1 {
    final Encoder rest = new Encoder();

    byte[] toByteArray() { return rest.toByteArray(); }

    void writeVarUint(long value) { rest.writeVarUint(value); }

    void writeLeftID(ID id) {
        rest.writeVarUint(id.client());
        rest.writeVarUint(id.clock());
    }

    void writeRightID(ID id) {
        rest.writeVarUint(id.client());
        rest.writeVarUint(id.clock());
    }

    void writeClient(long client) { rest.writeVarUint(client); }

    void writeInfo(int info) { rest.writeUint8(info); }

    void writeString(String s) { rest.writeVarString(s); }

    void writeParentInfo(boolean isYKey) { rest.writeVarUint(isYKey ? 1 : 0); }

    void writeTypeRef(int ref) { rest.writeVarUint(ref); }

    void writeLen(long len) { rest.writeVarUint(len); }

    void writeAny(Object any) { rest.writeAny(any); }

    void writeBuf(byte[] buf) { rest.writeVarUint8Array(buf); }

    /** v1 writes embeds and format values as JSON text (JSON.stringify). */
    void writeJSON(Object value) { rest.writeVarString(JsJson.stringify(value)); }

    void writeKey(String key) { rest.writeVarString(key); }

    void writeDsClock(long clock) { rest.writeVarUint(clock); }

    void writeDsLen(long len) { rest.writeVarUint(len); }
}
