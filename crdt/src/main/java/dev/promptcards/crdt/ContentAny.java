package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.List;

/** A run of plain values (the JS value model of lib0 {@code writeAny}). Yjs: {@code structs/ContentAny.js}, ref 8. */
final class ContentAny implements Content {
    static final int REF = 8;
    /** Never mutated in place: copies share it, as in Yjs. */
    List<Object> arr;

    ContentAny(List<Object> arr) {
        this.arr = arr;
    }

    static ContentAny read(UpdateDecoderV1 decoder) {
        int len = decoder.readLen();
        List<Object> values = new ArrayList<>(Math.min(len, 1024));
        for (int i = 0; i < len; i++) {
            values.add(decoder.readAny());
        }
        return new ContentAny(values);
    }

    @Override public int getLength() { return arr.size(); }
    @Override public List<Object> getContent() { return arr; }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentAny(arr); }

    @Override
    public Content splice(int offset) {
        ContentAny right = new ContentAny(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        List<Object> merged = new ArrayList<>(arr.size() + ((ContentAny) right).arr.size());
        merged.addAll(arr);
        merged.addAll(((ContentAny) right).arr);
        arr = merged;
        return true;
    }

    @Override public void integrate(Transaction transaction, Item item) { }
    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeLen(arr.size() - offset);
        for (int i = offset; i < arr.size(); i++) {
            encoder.writeAny(arr.get(i));
        }
    }

    @Override public int getRef() { return REF; }
}
