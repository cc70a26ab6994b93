package dev.promptcards.crdt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Base of every shared type: its list of items ({@link #start}), its map entries ({@link #map}, the
 * newest item per key) and its place in the document. Yjs: {@code types/AbstractType.js}.
 */
public abstract class AbstractType {
    /** The item holding this type; null for a top-level type (or before integration). */
    Item item;
    /** The current (rightmost) item per map key; older values are linked to its left. */
    Map<String, Item> map = new LinkedHashMap<>();
    /** The first item of the list part. */
    Item start;
    Doc doc;
    /** Number of countable, non-deleted clocks in the list part. */
    int length;
    /** Cached positions for index lookups in long lists; null when not used (e.g. formatted text). */
    SearchMarkers searchMarker;
    /** Whether format items were ever integrated into this type (Yjs YText {@code _hasFormatting}). */
    boolean hasFormatting;

    AbstractType() {
    }

    /** The document this type belongs to, or null while it is not integrated. */
    public Doc doc() {
        return doc;
    }

    /** The type this one is nested in, or null for a top-level or unintegrated type. */
    public AbstractType parent() {
        return item == null ? null : (AbstractType) item.parent;
    }

    /** Called when the type becomes part of {@code doc}, held by {@code item} (null at top level). */
    void integrate(Doc doc, Item item) {
        this.doc = doc;
        this.item = item;
    }

    /** A new empty type of the same kind (Yjs {@code _copy}). */
    abstract AbstractType copyEmpty();

    /** Writes the type ref (and node name where the kind has one) of a {@link ContentType}. */
    abstract void writeTypeRef(UpdateEncoderV1 encoder);

    /** Called once per transaction that changed this type (Yjs {@code _callObserver}). */
    void callObserver(Transaction transaction, Set<String> parentSubs) {
        if (!transaction.local && searchMarker != null) {
            searchMarker.clear();
        }
    }

    /** The content as plain values, as Yjs's {@code toJSON()}. */
    public abstract Object toJSON();

    /** The first item of the list part that is not deleted. */
    Item first() {
        Item n = start;
        while (n != null && n.isDeleted()) {
            n = n.right;
        }
        return n;
    }

    /** The name of this top-level type in its doc (Yjs {@code findRootTypeKey}). */
    String rootKey() {
        for (Map.Entry<String, AbstractType> entry : doc.share.entrySet()) {
            if (entry.getValue() == this) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("type is not a top-level type of its doc");
    }

    /** Fails when the type is read or changed before it belongs to a document. */
    void requireIntegrated() {
        if (doc == null) {
            throw new IllegalStateException("add this type to a document before using it");
        }
    }
}
