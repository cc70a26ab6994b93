package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.JsJson;

/** Reads the parts of a Yjs update, format v1. Yjs: {@code UpdateDecoderV1} in {@code utils/UpdateDecoder.js}. */
final class UpdateDecoderV1 {
    final Decoder rest;

    UpdateDecoderV1(Decoder rest) {
        this.rest = rest;
    }

    UpdateDecoderV1(byte[] update) {
        this(new Decoder(update));
    }

    int position() { return rest.position(); }

    boolean hasContent() { return rest.hasContent(); }

    long readVarUint() { return rest.readVarUint(); }

    ID readLeftID() { return new ID(rest.readVarUint(), rest.readVarUint()); }

    ID readRightID() { return new ID(rest.readVarUint(), rest.readVarUint()); }

    long readClient() { return rest.readVarUint(); }

    int readInfo() { return rest.readUint8(); }

    String readString() { return rest.readVarString(); }

    boolean readParentInfo() { return rest.readVarUint() == 1; }

    int readTypeRef() { return (int) Math.min(Integer.MAX_VALUE, rest.readVarUint()); }

    /** A struct or content length; lengths beyond 2^31-1 are refused as malformed. */
    int readLen() {
        int at = rest.position();
        long len = rest.readVarUint();
        if (len > Integer.MAX_VALUE) {
            throw new DecodeException("length", at, len + " is out of range");
        }
        return (int) len;
    }

    Object readAny() { return rest.readAny(); }

    byte[] readBuf() { return rest.readVarUint8Array(); }

    Object readJSON() { return JsJson.parse(rest.readVarString()); }

    String readKey() { return rest.readVarString(); }

    long readDsClock() { return rest.readVarUint(); }

    long readDsLen() { return rest.readVarUint(); }
}
