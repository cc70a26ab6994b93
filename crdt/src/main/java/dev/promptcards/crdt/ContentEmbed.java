package dev.promptcards.crdt;

import java.util.List;

/** An embed in rich text (a JSON value, e.g. an image). Yjs: {@code structs/ContentEmbed.js}, ref 5. */
final class ContentEmbed implements Content {
    static final int REF = 5;
    final Object embed;

    ContentEmbed(Object embed) {
        this.embed = embed;
    }

    static ContentEmbed read(UpdateDecoderV1 decoder) {
        return new ContentEmbed(decoder.readJSON());
    }

    @Override public int getLength() { return 1; }
    @Override public List<Object> getContent() { return java.util.Collections.singletonList(embed); }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentEmbed(embed); }
    @Override public Content splice(int offset) { throw new UnsupportedOperationException("embed content has length 1"); }
    @Override public boolean mergeWith(Content right) { return false; }
    @Override public void integrate(Transaction transaction, Item item) { }
    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }
    @Override public void write(UpdateEncoderV1 encoder, int offset) { encoder.writeJSON(embed); }
    @Override public int getRef() { return REF; }
}
