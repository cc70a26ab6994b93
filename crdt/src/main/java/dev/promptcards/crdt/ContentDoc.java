package dev.promptcards.crdt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sub-document, stored by its guid and options. Yjs: {@code structs/ContentDoc.js}, ref 9. The
 * options written are the ones Yjs derives from the sub-document: {@code gc:false}, {@code autoLoad:true}
 * and {@code meta} when set, in that order.
 */
final class ContentDoc implements Content {
    static final int REF = 9;
    final Doc doc;
    final Map<String, Object> opts;

    ContentDoc(Doc doc) {
        this.doc = doc;
        this.opts = new LinkedHashMap<>();
        if (!doc.gc()) {
            opts.put("gc", false);
        }
        if (doc.autoLoad) {
            opts.put("autoLoad", true);
        }
        if (doc.meta != null) {
            opts.put("meta", doc.meta);
        }
    }

    static ContentDoc read(UpdateDecoderV1 decoder) {
        String guid = decoder.readString();
        Object opts = decoder.readAny();
        return new ContentDoc(Doc.subdocFromOptions(guid, opts instanceof Map<?, ?> m ? m : Map.of()));
    }

    @Override public int getLength() { return 1; }
    @Override public List<Object> getContent() { return List.of(doc); }
    @Override public boolean isCountable() { return true; }
    @Override public Content copy() { return new ContentDoc(Doc.subdocFromOptions(doc.guid(), opts)); }
    @Override public Content splice(int offset) { throw new UnsupportedOperationException("doc content has length 1"); }
    @Override public boolean mergeWith(Content right) { return false; }

    @Override
    public void integrate(Transaction transaction, Item item) {
        doc.item = item;
    }

    @Override public void delete(Transaction transaction) { }
    @Override public void gc(StructStore store) { }

    @Override
    public void write(UpdateEncoderV1 encoder, int offset) {
        encoder.writeString(doc.guid());
        encoder.writeAny(opts);
    }

    @Override public int getRef() { return REF; }
}
