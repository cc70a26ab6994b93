package dev.promptcards.crdt;

import java.util.List;

/** What an {@link Item} holds. Yjs: {@code AbstractContent} in {@code structs/Item.js}. */
interface Content {
    int getLength();

    /** The user-visible values, one per clock (empty for non-countable content). */
    List<Object> getContent();

    /** Whether the content counts towards its parent's length and is addressable by index. */
    boolean isCountable();

    Content copy();

    /** Cuts this content at {@code offset}, keeping the left part and returning the right part. */
    Content splice(int offset);

    /** Appends {@code right} (of the same class) to this content. */
    boolean mergeWith(Content right);

    void integrate(Transaction transaction, Item item);

    void delete(Transaction transaction);

    void gc(StructStore store);

    void write(UpdateEncoderV1 encoder, int offset);

    /** The content ref written in the low five bits of an item's info byte. */
    int getRef();
}
