package dev.promptcards.crdt;

import java.util.List;

/** Deleted content whose values are gone; only its length remains. Yjs: {@code structs/ContentDeleted.js}, ref 1. */
final class ContentDeleted implements Content {
    static final int REF = 1;
    int len;

    ContentDeleted(int len) {
        this.len = len;
    }

    static ContentDeleted read(UpdateDecoderV1 decoder) {
        return new ContentDeleted(decoder.readLen());
    }

    @Override public int getLength() { return len; }
    @Override public List<Object> getContent() { return List.of(); }
    @Override public boolean isCountable() { return false; }
    @Override public Content copy() { return new ContentDeleted(len); }

    @Override
    public Content splice(int offset) {
        ContentDeleted right = new ContentDeleted(len - offset);
        len = offset;
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        len += ((ContentDeleted) right).len;
        return true;
    }

    @Override
    public void integrate(Transaction transaction, Item item) {
        transaction.deleteSet.add(item.id.client(), item.id.clock(), len);
        item.markDeleted();
    }

    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeLen(len - offset);
    }

    @Override public int getRef() { return REF; }
}
