package dev.promptcards.crdt;

import java.util.List;

/** One binary value (a JS Uint8Array). Yjs: {@code structs/ContentBinary.js}, ref 3. */
final class ContentBinary implements Content {
    static final int REF = 3;
    final byte[] content;

    ContentBinary(byte[] content) {
        this.content = content;
    }

    static ContentBinary read(UpdateDecoderV1 decoder) {
        return new ContentBinary(decoder.readBuf());
    }

    @Override public int getLength() { return 1; }
    @Override public List<Object> getContent() { return List.of(content); }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentBinary(content); }
    @Override public Content splice(int offset) { throw new UnsupportedOperationException("binary content has length 1"); }
    @Override public boolean mergeWith(Content right) { return false; }
    @Override public void integrate(Transaction transaction, Item item) { }
    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }
    @Override public void write(UpdateEncoderV1 encoder, int offset) { encoder.writeBuf(content); }
    @Override public int getRef() { return REF; }
}
