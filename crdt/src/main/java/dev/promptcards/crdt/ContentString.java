package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.List;

/** A run of text; its length counts UTF-16 code units. Yjs: {@code structs/ContentString.js}, ref 4. */
final class ContentString implements Content {
    static final int REF = 4;
    String str;

    ContentString(String str) {
        this.str = str;
    }

    static ContentString read(UpdateDecoderV1 decoder) {
        return new ContentString(decoder.readString());
    }

    @Override public int getLength() { return str.length(); }

    @Override
    public List<Object> getContent() {
        List<Object> chars = new ArrayList<>(str.length());
        for (int i = 0; i < str.length(); i++) {
            chars.add(String.valueOf(str.charAt(i)));
        }
        return chars;
    }

    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentString(str); }

    @Override
    public Content splice(int offset) {
        ContentString right = new ContentString(str.substring(offset));
        str = str.substring(0, offset);
        // Yjs (issue yjs#248) never splits a surrogate pair: both halves become U+FFFD.
        if (offset > 0 && Character.isHighSurrogate(str.charAt(offset - 1))) {
            str = str.substring(0, offset - 1) + '\uFFFD';
            right.str = '\uFFFD' + right.str.substring(1);
        }
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        str = str.concat(((ContentString) right).str);
        return true;
    }

    @Override public void integrate(Transaction transaction, Item item) { }
    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeString(offset == 0 ? str : str.substring(offset));
    }

    @Override public int getRef() { return REF; }
}
