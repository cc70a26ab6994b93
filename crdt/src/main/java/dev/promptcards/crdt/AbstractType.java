package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ObjIntConsumer;

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

    // ---- list and map operations shared by the types (Yjs: the typeList* / typeMap* functions of
    // types/AbstractType.js, same algorithm and order of operations so updates are byte-identical).
    // The public methods check indexes and values before calling these.

    /**
     * The values from index {@code start} to {@code end} (exclusive) of the list part. Yjs
     * {@code typeListSlice}: negative indexes count from the end.
     */
    static List<Object> typeListSlice(AbstractType type, int start, int end) {
        if (start < 0) {
            start = type.length + start;
        }
        if (end < 0) {
            end = type.length + end;
        }
        int len = end - start;
        List<Object> cs = new ArrayList<>(Math.max(0, Math.min(len, type.length)));
        Item n = type.start;
        while (n != null && len > 0) {
            if (n.countable() && !n.isDeleted()) {
                List<Object> c = n.content.getContent();
                if (c.size() <= start) {
                    start -= c.size();
                } else {
                    for (int i = start; i < c.size() && len > 0; i++) {
                        cs.add(c.get(i));
                        len--;
                    }
                    start = 0;
                }
            }
            n = n.right;
        }
        return cs;
    }

    /** All values of the list part. Yjs {@code typeListToArray}. */
    static List<Object> typeListToArray(AbstractType type) {
        List<Object> cs = new ArrayList<>(type.length);
        for (Item n = type.start; n != null; n = n.right) {
            if (n.countable() && !n.isDeleted()) {
                cs.addAll(n.content.getContent());
            }
        }
        return cs;
    }

    /** Calls {@code f} with every value of the list part and its index. Yjs {@code typeListForEach}. */
    static void typeListForEach(AbstractType type, ObjIntConsumer<Object> f) {
        int index = 0;
        for (Item n = type.start; n != null; n = n.right) {
            if (n.countable() && !n.isDeleted()) {
                for (Object c : n.content.getContent()) {
                    f.accept(c, index++);
                }
            }
        }
    }

    /** The value at {@code index} of the list part ({@code 0 <= index < length}). Yjs {@code typeListGet}. */
    static Object typeListGet(AbstractType type, int index) {
        SearchMarkers.Marker marker = SearchMarkers.findMarker(type, index);
        Item n = type.start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
        }
        for (; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index < n.length) {
                    return n.content.getContent().get(index);
                }
                index -= n.length;
            }
        }
        throw new IndexOutOfBoundsException("index " + index + " past the end of the list");
    }

    /**
     * Inserts {@code content} (values prepared by {@link TypeValues#prepareListValues}) right after
     * {@code referenceItem} (null: at the start). Consecutive plain values share one {@link ContentAny}
     * item; binaries, docs and types get an item each. Yjs {@code typeListInsertGenericsAfter}.
     */
    static void typeListInsertGenericsAfter(Transaction transaction, AbstractType parent, Item referenceItem,
            List<Object> content) {
        Item left = referenceItem;
        final Item right = referenceItem == null ? parent.start : referenceItem.right;
        List<Object> jsonContent = new ArrayList<>();
        for (Object c : content) {
            Content itemContent;
            if (c instanceof byte[] bytes) {
                itemContent = new ContentBinary(bytes);
            } else if (c instanceof Doc doc) {
                itemContent = new ContentDoc(doc);
            } else if (c instanceof AbstractType type) {
                TypeValues.checkInsertable(type, parent);
                itemContent = new ContentType(type);
            } else {
                jsonContent.add(c);
                continue;
            }
            left = packJsonContent(transaction, parent, left, right, jsonContent);
            jsonContent = new ArrayList<>();
            left = insertItemAfter(transaction, parent, left, right, itemContent);
        }
        packJsonContent(transaction, parent, left, right, jsonContent);
    }

    /** Yjs {@code packJsonContent}: the pending plain values as one ContentAny item, if any. */
    private static Item packJsonContent(Transaction transaction, AbstractType parent, Item left, Item right,
            List<Object> jsonContent) {
        if (jsonContent.isEmpty()) {
            return left;
        }
        return insertItemAfter(transaction, parent, left, right, new ContentAny(jsonContent));
    }

    private static Item insertItemAfter(Transaction transaction, AbstractType parent, Item left, Item right,
            Content content) {
        Item item = new Item(transaction.nextId(), left, left == null ? null : left.lastId(),
                right, right == null ? null : right.id, parent, null, content);
        item.integrate(transaction, 0);
        return item;
    }

    /**
     * Inserts {@code content} at {@code index} ({@code 0 <= index <= length}) of the list part. Yjs
     * {@code typeListInsertGenerics}.
     */
    static void typeListInsertGenerics(Transaction transaction, AbstractType parent, int index, List<Object> content) {
        if (index > parent.length) {
            throw new IndexOutOfBoundsException("index " + index + " > length " + parent.length);
        }
        if (index == 0) {
            if (parent.searchMarker != null) {
                parent.searchMarker.updateChanges(index, content.size());
            }
            typeListInsertGenericsAfter(transaction, parent, null, content);
            return;
        }
        int startIndex = index;
        SearchMarkers.Marker marker = SearchMarkers.findMarker(parent, index);
        Item n = parent.start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
            // step one to the left so the loop below works
            if (index == 0) {
                n = n.prev(); // the undeleted item to the left, so the index can be decreased
                index += (n != null && n.countable() && !n.isDeleted()) ? n.length : 0;
            }
        }
        for (; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index <= n.length) {
                    if (index < n.length) {
                        // insert in the middle of n: split it
                        transaction.doc.store.getItemCleanStart(transaction, new ID(n.id.client(), n.id.clock() + index));
                    }
                    break;
                }
                index -= n.length;
            }
        }
        if (parent.searchMarker != null) {
            parent.searchMarker.updateChanges(startIndex, content.size());
        }
        typeListInsertGenericsAfter(transaction, parent, n, content);
    }

    /**
     * Appends {@code content} after the last item of the list part (deleted or not), starting the walk
     * at the marker with the highest index. Yjs {@code typeListPushGenerics}.
     */
    static void typeListPushGenerics(Transaction transaction, AbstractType parent, List<Object> content) {
        Item n = parent.start;
        if (parent.searchMarker != null) {
            n = parent.searchMarker.pushStart(parent.start);
        }
        if (n != null) {
            while (n.right != null) {
                n = n.right;
            }
        }
        typeListInsertGenericsAfter(transaction, parent, n, content);
    }

    /**
     * Deletes {@code length} values from {@code index} of the list part ({@code index + length <= type length}).
     * Yjs {@code typeListDelete}.
     */
    static void typeListDelete(Transaction transaction, AbstractType parent, int index, int length) {
        if (length == 0) {
            return;
        }
        int startIndex = index;
        int startLength = length;
        SearchMarkers.Marker marker = SearchMarkers.findMarker(parent, index);
        Item n = parent.start;
        if (marker != null) {
            n = marker.p;
            index -= marker.index;
        }
        // find the first item to delete
        for (; n != null && index > 0; n = n.right) {
            if (!n.isDeleted() && n.countable()) {
                if (index < n.length) {
                    transaction.doc.store.getItemCleanStart(transaction, new ID(n.id.client(), n.id.clock() + index));
                }
                index -= n.length;
            }
        }
        // delete items until done
        while (length > 0 && n != null) {
            if (!n.isDeleted()) {
                if (length < n.length) {
                    transaction.doc.store.getItemCleanStart(transaction, new ID(n.id.client(), n.id.clock() + length));
                }
                n.delete(transaction);
                length -= n.length;
            }
            n = n.right;
        }
        if (length > 0) {
            throw new IndexOutOfBoundsException("length exceeded: " + length + " values past the end");
        }
        if (parent.searchMarker != null) {
            parent.searchMarker.updateChanges(startIndex, -startLength + length);
        }
    }

    /** Deletes the entry {@code key} of the map part, if there is one. Yjs {@code typeMapDelete}. */
    static void typeMapDelete(Transaction transaction, AbstractType parent, String key) {
        Item c = parent.map.get(key);
        if (c != null) {
            c.delete(transaction);
        }
    }

    /**
     * Sets {@code key} of the map part to a value prepared by {@link TypeValues#prepareValue}. Yjs
     * {@code typeMapSet}: the new item's left is the key's current item (which it then deletes).
     */
    static void typeMapSet(Transaction transaction, AbstractType parent, String key, Object value) {
        Item left = parent.map.get(key);
        Content content = TypeValues.mapContent(value);
        new Item(transaction.nextId(), left, left == null ? null : left.lastId(), null, null, parent, key, content)
                .integrate(transaction, 0);
    }

    /**
     * The value of {@code key} of the map part; {@link #NO_VALUE} when absent or deleted. Yjs
     * {@code typeMapGet} (which returns undefined then).
     */
    static Object typeMapGet(AbstractType parent, String key) {
        Item val = parent.map.get(key);
        return val != null && !val.isDeleted() ? val.content.getContent().get(val.length - 1) : NO_VALUE;
    }

    /** The live entries of the map part, in the map's insertion order. Yjs {@code typeMapGetAll}. */
    static Map<String, Object> typeMapGetAll(AbstractType parent) {
        Map<String, Object> res = new LinkedHashMap<>();
        parent.map.forEach((key, value) -> {
            if (!value.isDeleted()) {
                res.put(key, value.content.getContent().get(value.length - 1));
            }
        });
        return res;
    }

    /** Whether {@code key} of the map part has a live value. Yjs {@code typeMapHas}. */
    static boolean typeMapHas(AbstractType parent, String key) {
        Item val = parent.map.get(key);
        return val != null && !val.isDeleted();
    }

    /** Returned by {@link #typeMapGet} for an absent key (a stored value may be null). */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "NO_VALUE";
        }
    };
}
