package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.lib0.Undefined;
import java.util.ArrayList;
import java.util.List;

/**
 * Legacy JSON values (Yjs no longer writes them but reads and re-encodes them). Each value is a JSON
 * string, or the literal {@code undefined}. Yjs: {@code structs/ContentJSON.js}, ref 2.
 */
final class ContentJSON implements Content {
    static final int REF = 2;
    List<Object> arr;

    ContentJSON(List<Object> arr) {
        this.arr = arr;
    }

    static ContentJSON read(UpdateDecoderV1 decoder) {
        int len = decoder.readLen();
        List<Object> values = new ArrayList<>(Math.min(len, 1024));
        for (int i = 0; i < len; i++) {
            String json = decoder.readString();
            values.add(json.equals("undefined") ? Undefined.INSTANCE : JsJson.parse(json));
        }
        return new ContentJSON(values);
    }

    @Override public int getLength() { return arr.size(); }
    @Override public List<Object> getContent() { return arr; }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentJSON(arr); }

    @Override
    public Content splice(int offset) {
        ContentJSON right = new ContentJSON(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        List<Object> merged = new ArrayList<>(arr);
        merged.addAll(((ContentJSON) right).arr);
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
            Object c = arr.get(i);
            encoder.writeString(c == Undefined.INSTANCE ? "undefined" : JsJson.stringify(c));
        }
    }

    @Override public int getRef() { return REF; }
}
