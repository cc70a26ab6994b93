package dev.promptcards.crdt;

import java.util.List;

/** A formatting mark in rich text: attribute {@code key} takes {@code value} from here on (null ends it). Yjs: {@code structs/ContentFormat.js}, ref 6. */
final class ContentFormat implements Content {
    static final int REF = 6;
    final String key;
    final Object value;

    ContentFormat(String key, Object value) {
        this.key = key;
        this.value = value;
    }

    static ContentFormat read(UpdateDecoderV1 decoder) {
        return new ContentFormat(decoder.readKey(), decoder.readJSON());
    }

    @Override public int getLength() { return 1; }
    @Override public List<Object> getContent() { return List.of(); }
    @Override public boolean isCountable() { return false; }
    @Override public Content copy() { return new ContentFormat(key, value); }
    @Override public Content splice(int offset) { throw new UnsupportedOperationException("format content has length 1"); }
    @Override public boolean mergeWith(Content right) { return false; }

    @Override
    public void integrate(Transaction transaction, Item item) {
        // Yjs: search markers are not used for rich text
        AbstractType parent = (AbstractType) item.parent;
        parent.searchMarker = null;
        parent.hasFormatting = true;
    }

    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeKey(key);
        encoder.writeJSON(value);
    }

    @Override public int getRef() { return REF; }
}
