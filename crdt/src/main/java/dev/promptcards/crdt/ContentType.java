package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.DecodeException;
import java.util.List;

/** A nested shared type (YText, YMap, ...). Yjs: {@code structs/ContentType.js}, ref 7. */
final class ContentType implements Content {
    static final int REF = 7;
    // Type refs written after the content ref (Yjs ContentType.js typeRefs)
    static final int Y_ARRAY = 0;
    static final int Y_MAP = 1;
    static final int Y_TEXT = 2;
    static final int Y_XML_ELEMENT = 3;
    static final int Y_XML_FRAGMENT = 4;
    static final int Y_XML_HOOK = 5;
    static final int Y_XML_TEXT = 6;

    final AbstractType type;

    ContentType(AbstractType type) {
        this.type = type;
    }

    static ContentType read(UpdateDecoderV1 decoder) {
        int ref = decoder.readTypeRef();
        AbstractType type = switch (ref) {
            case Y_ARRAY -> new YArray();
            case Y_MAP -> new YMap();
            case Y_TEXT -> new YText();
            case Y_XML_ELEMENT -> new YXmlElement(decoder.readKey());
            case Y_XML_FRAGMENT -> new YXmlFragment();
            case Y_XML_HOOK -> new YXmlHook(decoder.readKey());
            case Y_XML_TEXT -> new YXmlText();
            default -> throw new DecodeException("type ref", decoder.position(), "unknown type ref " + ref);
        };
        return new ContentType(type);
    }

    @Override public int getLength() { return 1; }
    @Override public List<Object> getContent() { return List.of(type); }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentType(type.copyEmpty()); }
    @Override public Content splice(int offset) { throw new UnsupportedOperationException("type content has length 1"); }
    @Override public boolean mergeWith(Content right) { return false; }

    @Override
    public void integrate(Transaction transaction, Item item) {
        type.integrate(transaction.doc, item);
    }

    @Override
    public void delete(Transaction transaction) {
        for (Item item = type.start; item != null; item = item.right) {
            deleteChild(transaction, item);
        }
        for (Item item : type.map.values()) {
            deleteChild(transaction, item);
        }
        transaction.changed.remove(type);
    }

    private static void deleteChild(Transaction transaction, Item item) {
        if (!item.isDeleted()) {
            item.delete(transaction);
        } else if (item.id.clock() < transaction.beforeState.getOrDefault(item.id.client(), 0L)) {
            // Already deleted before this transaction, so it is not in the transaction's delete set;
            // Yjs adds it to the structs to merge so it can merge with its gc'd neighbours.
            transaction.mergeStructs.add(item);
        }
    }

    @Override
    public void gc(StructStore store) {
        for (Item item = type.start; item != null; item = item.right) {
            item.gc(store, true);
        }
        type.start = null;
        for (Item item : type.map.values()) {
            for (Item i = item; i != null; i = i.left) {
                i.gc(store, true);
            }
        }
        type.map = new java.util.LinkedHashMap<>();
    }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        type.writeTypeRef(encoder);
    }

    @Override public int getRef() { return REF; }
}
