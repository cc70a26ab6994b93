package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsValues;
import dev.promptcards.crdt.lib0.Undefined;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shared rich text: a sequence of characters and embeds, with formatting attributes such as
 * {@code bold: true} set on ranges. Yjs: {@code types/YText.js}; every operation creates, splits and
 * deletes items in the same order as Yjs, so both produce the same updates.
 *
 * <p>Indexes and lengths count UTF-16 code units (Java {@code char}s), as Yjs does. As in Yjs, an index
 * past the end means the end, and a range reaching past the end stops there (except {@link #format},
 * which, like Yjs, appends newlines for the part past the end).
 *
 * <p>Attribute values and embeds are values of the JS value model (see {@code Doc}): {@code Long},
 * {@code Double}, {@code String}, {@code Boolean}, {@code null}, {@code Map<String,Object>},
 * {@code List<Object>}. Two attribute values are the same when they are equal primitives, the same
 * object, or objects whose entries are pairwise equal primitives or the same objects (Yjs compares them
 * this way, so nested maps passed anew never count as equal). Maps given to this class are copied, not
 * modified; the values in them are kept as given.
 *
 * <p>A {@code YText} created with {@code new} is preliminary until it is put into a document (for
 * example as a value of a {@code YMap}): changes made before are replayed then.
 */
public class YText extends AbstractType {
    private static final System.Logger LOG = System.getLogger(YText.class.getName());

    /** Operations made before integration (Yjs {@code _pending}); null when there are none or after integration. */
    private List<Runnable> pending;

    /** An empty preliminary text. */
    public YText() {
        // Yjs: `this._searchMarker = []`
        searchMarker = new SearchMarkers();
    }

    /**
     * A preliminary text holding {@code initial} (inserted when the text is added to a document).
     *
     * @param initial the initial text
     */
    @SuppressWarnings("this-escape") // the queued insert runs at integration, after construction
    public YText(String initial) {
        this();
        Objects.requireNonNull(initial, "initial");
        addPending(() -> insert(0, initial));
    }

    private void addPending(Runnable op) {
        if (pending == null) {
            pending = new ArrayList<>();
        }
        pending.add(op);
    }

    @Override
    void integrate(Doc doc, Item item) {
        super.integrate(doc, item);
        List<Runnable> ops = pending;
        pending = null;
        if (ops != null) {
            // Yjs runs the pending operations and logs (rather than throws) an error of one of them
            try {
                for (Runnable op : ops) {
                    op.run();
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a change made before the text was integrated failed", e);
            }
        }
    }

    @Override
    AbstractType copyEmpty() {
        return new YText();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_TEXT);
    }

    @Override
    void callObserver(Transaction transaction, Set<String> parentSubs) {
        super.callObserver(transaction, parentSubs);
        // Yjs YText._callObserver: after a remote change, clean up duplicate formatting
        if (!transaction.local && hasFormatting) {
            transaction.needFormattingCleanup = true;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Public API

    /**
     * The number of UTF-16 code units of text plus one per embed.
     *
     * @return the length
     * @throws IllegalStateException if the text is not part of a document yet
     */
    public int length() {
        requireIntegrated();
        return length;
    }

    /**
     * The plain text without embeds and formatting (empty while the text is not part of a document).
     *
     * @return the text
     */
    @Override
    public String toString() {
        StringBuilder str = new StringBuilder();
        for (Item n = start; n != null; n = n.right) {
            if (!n.isDeleted() && n.countable() && n.content instanceof ContentString s) {
                str.append(s.str);
            }
        }
        return str.toString();
    }

    /**
     * The plain text, as Yjs's {@code toJSON()}.
     *
     * @return the text
     * @throws IllegalStateException if the text is not part of a document yet
     */
    @Override
    public Object toJSON() {
        requireIntegrated();
        return toString();
    }

    /**
     * The content as a Quill delta: a list of ops, each a map with {@code "insert"} (a string, an embed
     * value or a nested shared type) and, when formatting applies, {@code "attributes"}. Adjacent text
     * with the same attributes is one op, as in Yjs's {@code toDelta()}.
     *
     * @return a new list of new maps (attribute values are the stored values)
     * @throws IllegalStateException if the text is not part of a document yet
     */
    public List<Map<String, Object>> toDelta() {
        requireIntegrated();
        return computeDelta();
    }

    /** Yjs {@code toDelta()} without snapshots. */
    final List<Map<String, Object>> computeDelta() {
        List<Map<String, Object>> ops = new ArrayList<>();
        LinkedHashMap<String, Object> currentAttributes = new LinkedHashMap<>();
        StringBuilder str = new StringBuilder();
        for (Item n = start; n != null; n = n.right) {
            if (n.isDeleted()) {
                continue;
            }
            Content content = n.content;
            if (content instanceof ContentString s) {
                // Yjs: without snapshots, a "ychange" attribute never applies to text
                if (currentAttributes.containsKey("ychange")) {
                    packStr(ops, str, currentAttributes);
                    currentAttributes.remove("ychange");
                }
                str.append(s.str);
            } else if (content instanceof ContentType || content instanceof ContentEmbed) {
                packStr(ops, str, currentAttributes);
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("insert", content instanceof ContentType t ? t.type : ((ContentEmbed) content).embed);
                if (!currentAttributes.isEmpty()) {
                    op.put("attributes", jsObject(currentAttributes));
                }
                ops.add(op);
            } else if (content instanceof ContentFormat format) {
                packStr(ops, str, currentAttributes);
                updateCurrentAttributes(currentAttributes, format);
            }
        }
        packStr(ops, str, currentAttributes);
        return ops;
    }

    private static void packStr(List<Map<String, Object>> ops, StringBuilder str, Map<String, Object> attributes) {
        if (str.length() > 0) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("insert", str.toString());
            if (!attributes.isEmpty()) {
                op.put("attributes", jsObject(attributes));
            }
            ops.add(op);
            str.setLength(0);
        }
    }

    /**
     * Inserts {@code text} at {@code index} with the formatting in effect there.
     *
     * @param index where to insert (UTF-16 code units; past the end means the end)
     * @param text the text; nothing happens when it is empty
     */
    public void insert(int index, String text) {
        insert(index, text, null);
    }

    /**
     * Inserts {@code text} at {@code index} with exactly {@code attributes} as its formatting: attributes
     * in effect at {@code index} but not named are removed for the inserted text. A null map means "the
     * formatting in effect at {@code index}" like {@link #insert(int, String)}.
     *
     * @param index where to insert (UTF-16 code units; past the end means the end)
     * @param text the text; nothing happens when it is empty
     * @param attributes the formatting (a null value means "not set"), or null
     */
    public void insert(int index, String text, Map<String, ?> attributes) {
        Objects.requireNonNull(text, "text");
        requireNonNegative("index", index);
        if (text.isEmpty()) {
            return;
        }
        LinkedHashMap<String, Object> attrs = attributes == null ? null : jsObject(attributes);
        if (doc != null) {
            doc.transact(transaction -> {
                ItemTextListPosition pos = findPosition(transaction, this, index, attrs == null);
                LinkedHashMap<String, Object> a = attrs == null ? jsObject(pos.currentAttributes) : attrs;
                insertText(transaction, this, pos, text, a);
            });
        } else {
            addPending(() -> insert(index, text, attrs));
        }
    }

    /**
     * Inserts an embed (a JSON-like value such as {@code Map.of("image", "x.png")}, or a new shared type)
     * at {@code index}, without formatting.
     *
     * @param index where to insert (past the end means the end)
     * @param embed the embed value; a {@code String} is inserted as text, as Yjs does
     */
    public void insertEmbed(int index, Object embed) {
        insertEmbed(index, embed, null);
    }

    /**
     * Inserts an embed at {@code index} with exactly {@code attributes} as its formatting (null: none).
     *
     * @param index where to insert (past the end means the end)
     * @param embed the embed value; a {@code String} is inserted as text, as Yjs does
     * @param attributes the formatting, or null for none
     */
    public void insertEmbed(int index, Object embed, Map<String, ?> attributes) {
        Objects.requireNonNull(embed, "embed");
        requireNonNegative("index", index);
        if (embed instanceof AbstractType type && (type.doc != null || type.item != null)) {
            throw new IllegalArgumentException("the shared type to embed is already part of a document");
        }
        LinkedHashMap<String, Object> attrs = attributes == null ? null : jsObject(attributes);
        if (doc != null) {
            doc.transact(transaction -> {
                ItemTextListPosition pos = findPosition(transaction, this, index, attrs == null);
                insertText(transaction, this, pos, embed, attrs == null ? new LinkedHashMap<>() : attrs);
            });
        } else {
            // Yjs replays it with `attributes || {}`
            LinkedHashMap<String, Object> replayAttrs = attrs == null ? new LinkedHashMap<>() : attrs;
            addPending(() -> insertEmbed(index, embed, replayAttrs));
        }
    }

    /**
     * Deletes {@code length} code units / embeds starting at {@code index}.
     *
     * @param index the first position to delete
     * @param length how many to delete; a range past the end stops at the end
     */
    public void delete(int index, int length) {
        requireNonNegative("index", index);
        requireNonNegative("length", length);
        if (length == 0) {
            return;
        }
        if (doc != null) {
            doc.transact(transaction -> deleteText(transaction, this,
                    findPosition(transaction, this, index, true), length));
        } else {
            addPending(() -> delete(index, length));
        }
    }

    /**
     * Sets formatting attributes on a range; a null value removes that attribute. As in Yjs, nothing
     * happens when {@code index} is at or past the end, and newlines are appended for the part of the
     * range past the end.
     *
     * @param index the first position to format
     * @param length how many positions to format
     * @param attributes the attributes to set (null values remove)
     */
    public void format(int index, int length, Map<String, ?> attributes) {
        Objects.requireNonNull(attributes, "attributes");
        requireNonNegative("index", index);
        requireNonNegative("length", length);
        if (length == 0) {
            return;
        }
        LinkedHashMap<String, Object> attrs = jsObject(attributes);
        if (doc != null) {
            doc.transact(transaction -> {
                ItemTextListPosition pos = findPosition(transaction, this, index, false);
                if (pos.right == null) {
                    return;
                }
                formatText(transaction, this, pos, length, attrs);
            });
        } else {
            addPending(() -> format(index, length, attrs));
        }
    }

    private static void requireNonNegative(String what, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Yjs YText.js internals, in the same order of item creation, splitting and deletion

    /** Yjs {@code findNextPosition}: moves {@code count} positions to the right, splitting where it ends. */
    static ItemTextListPosition findNextPosition(Transaction transaction, ItemTextListPosition pos, int count) {
        while (pos.right != null && count > 0) {
            Item r = pos.right;
            if (r.content instanceof ContentFormat format) {
                if (!r.isDeleted()) {
                    updateCurrentAttributes(pos.currentAttributes, format);
                }
            } else if (!r.isDeleted()) {
                if (count < r.length) {
                    // split right
                    transaction.doc.store.getItemCleanStart(transaction, new ID(r.id.client(), r.id.clock() + count));
                }
                pos.index += r.length;
                count -= r.length;
            }
            pos.left = r;
            pos.right = r.right;
        }
        return pos;
    }

    /** Yjs {@code findPosition}: the position at {@code index}, starting from a search marker when allowed. */
    static ItemTextListPosition findPosition(Transaction transaction, AbstractType parent, int index,
            boolean useSearchMarker) {
        LinkedHashMap<String, Object> currentAttributes = new LinkedHashMap<>();
        SearchMarkers.Marker marker = useSearchMarker ? SearchMarkers.findMarker(parent, index) : null;
        if (marker != null) {
            ItemTextListPosition pos = new ItemTextListPosition(marker.p.left, marker.p, marker.index, currentAttributes);
            return findNextPosition(transaction, pos, index - marker.index);
        }
        ItemTextListPosition pos = new ItemTextListPosition(null, parent.start, 0, currentAttributes);
        return findNextPosition(transaction, pos, index);
    }

    /** Yjs {@code insertNegatedAttributes}: ends the attributes an insertion set, unless the text already does. */
    static void insertNegatedAttributes(Transaction transaction, AbstractType parent, ItemTextListPosition currPos,
            LinkedHashMap<String, Object> negatedAttributes) {
        // check if we really need to remove attributes
        while (currPos.right != null && (currPos.right.isDeleted()
                || (currPos.right.content instanceof ContentFormat f
                        && equalAttrs(jsGet(negatedAttributes, f.key), f.value)))) {
            if (!currPos.right.isDeleted()) {
                negatedAttributes.remove(((ContentFormat) currPos.right.content).key);
            }
            currPos.forward();
        }
        for (Map.Entry<String, Object> e : negatedAttributes.entrySet()) {
            Item left = currPos.left;
            Item right = currPos.right;
            Item nextFormat = new Item(transaction.nextId(), left, left == null ? null : left.lastId(), right,
                    right == null ? null : right.id, parent, null, new ContentFormat(e.getKey(), e.getValue()));
            nextFormat.integrate(transaction, 0);
            currPos.right = nextFormat;
            currPos.forward();
        }
    }

    /** Yjs {@code updateCurrentAttributes}: a null value ends the attribute. */
    static void updateCurrentAttributes(Map<String, Object> currentAttributes, ContentFormat format) {
        if (format.value == null) {
            currentAttributes.remove(format.key);
        } else {
            currentAttributes.put(format.key, format.value);
        }
    }

    /** Yjs {@code minimizeAttributeChanges}: skips deleted items and formats that already match. */
    static void minimizeAttributeChanges(ItemTextListPosition currPos, Map<String, Object> attributes) {
        while (true) {
            Item r = currPos.right;
            if (r == null) {
                break;
            } else if (r.isDeleted() || (r.content instanceof ContentFormat f
                    && equalAttrs(orNull(attributes.get(f.key)), f.value))) {
                // go on
            } else {
                break;
            }
            currPos.forward();
        }
    }

    /** Yjs {@code insertAttributes}: format items for attributes that differ; returns what they replaced. */
    static LinkedHashMap<String, Object> insertAttributes(Transaction transaction, AbstractType parent,
            ItemTextListPosition currPos, Map<String, Object> attributes) {
        LinkedHashMap<String, Object> negatedAttributes = new LinkedHashMap<>();
        // insert format-start items
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            String key = e.getKey();
            Object val = e.getValue();
            Object currentVal = orNull(currPos.currentAttributes.get(key));
            if (!equalAttrs(currentVal, val)) {
                // save negated attribute (null if there was none)
                negatedAttributes.put(key, currentVal);
                Item left = currPos.left;
                Item right = currPos.right;
                currPos.right = new Item(transaction.nextId(), left, left == null ? null : left.lastId(), right,
                        right == null ? null : right.id, parent, null, new ContentFormat(key, val));
                currPos.right.integrate(transaction, 0);
                currPos.forward();
            }
        }
        return negatedAttributes;
    }

    /**
     * Yjs {@code insertText}: inserts a string (ContentString), a shared type (ContentType) or an embed
     * (ContentEmbed) with exactly {@code attributes}; {@code attributes} is modified.
     */
    static void insertText(Transaction transaction, AbstractType parent, ItemTextListPosition currPos, Object text,
            LinkedHashMap<String, Object> attributes) {
        boolean addedIndexKey = false;
        for (String key : currPos.currentAttributes.keySet()) {
            Object v = jsGet(attributes, key);
            if (v == Undefined.INSTANCE) {
                if (!attributes.containsKey(key) && JsValues.isArrayIndex(key)) {
                    addedIndexKey = true;
                }
                attributes.put(key, null);
            }
        }
        if (addedIndexKey) {
            // a JS object lists array-index keys first
            attributes = JsValues.inJsKeyOrder(attributes);
        }
        minimizeAttributeChanges(currPos, attributes);
        LinkedHashMap<String, Object> negatedAttributes = insertAttributes(transaction, parent, currPos, attributes);
        // insert content
        Content content;
        if (text instanceof String s) {
            content = new ContentString(s);
        } else if (text instanceof AbstractType type) {
            content = new ContentType(type);
        } else {
            content = new ContentEmbed(text);
        }
        Item left = currPos.left;
        Item right = currPos.right;
        int index = currPos.index;
        if (parent.searchMarker != null) {
            parent.searchMarker.updateChanges(currPos.index, content.getLength());
        }
        right = new Item(transaction.nextId(), left, left == null ? null : left.lastId(), right,
                right == null ? null : right.id, parent, null, content);
        right.integrate(transaction, 0);
        currPos.right = right;
        currPos.index = index;
        currPos.forward();
        insertNegatedAttributes(transaction, parent, currPos, negatedAttributes);
    }

    /** Yjs {@code formatText}. */
    static void formatText(Transaction transaction, AbstractType parent, ItemTextListPosition currPos, int length,
            Map<String, Object> attributes) {
        minimizeAttributeChanges(currPos, attributes);
        LinkedHashMap<String, Object> negatedAttributes = insertAttributes(transaction, parent, currPos, attributes);
        // iterate until the first non-format or null is found; delete all formats with attributes[format.key]
        // set; also check the formats after the first non-format so no redundant negated attributes are added
        iterationLoop:
        while (currPos.right != null && (length > 0 || (!negatedAttributes.isEmpty()
                && (currPos.right.isDeleted() || currPos.right.content instanceof ContentFormat)))) {
            Item r = currPos.right;
            if (!r.isDeleted()) {
                if (r.content instanceof ContentFormat format) {
                    String key = format.key;
                    Object value = format.value;
                    Object attr = jsGet(attributes, key);
                    if (attr != Undefined.INSTANCE) {
                        if (equalAttrs(attr, value)) {
                            negatedAttributes.remove(key);
                        } else {
                            if (length == 0) {
                                // no need to further extend negatedAttributes
                                break iterationLoop;
                            }
                            negatedAttributes.put(key, value);
                        }
                        r.delete(transaction);
                    } else {
                        currPos.currentAttributes.put(key, value);
                    }
                } else {
                    if (length < r.length) {
                        transaction.doc.store.getItemCleanStart(transaction,
                                new ID(r.id.client(), r.id.clock() + length));
                    }
                    length -= r.length;
                }
            }
            currPos.forward();
        }
        // Yjs (for Quill): formatting past the end appends newlines
        if (length > 0) {
            String newlines = "\n".repeat(length);
            Item left = currPos.left;
            Item right = currPos.right;
            currPos.right = new Item(transaction.nextId(), left, left == null ? null : left.lastId(), right,
                    right == null ? null : right.id, parent, null, new ContentString(newlines));
            currPos.right.integrate(transaction, 0);
            currPos.forward();
        }
        insertNegatedAttributes(transaction, parent, currPos, negatedAttributes);
    }

    /**
     * Yjs {@code cleanupFormattingGap}: after content between {@code start} and the next content item was
     * deleted, deletes the format items there that are overwritten or redundant.
     *
     * @return how many format items were deleted
     */
    static int cleanupFormattingGap(Transaction transaction, Item start, Item curr,
            Map<String, Object> startAttributes, Map<String, Object> currAttributes) {
        Item end = start;
        HashMap<String, ContentFormat> endFormats = new HashMap<>();
        while (end != null && (!end.countable() || end.isDeleted())) {
            if (!end.isDeleted() && end.content instanceof ContentFormat cf) {
                endFormats.put(cf.key, cf);
            }
            end = end.right;
        }
        int cleanups = 0;
        boolean reachedCurr = false;
        while (start != end) {
            if (curr == start) {
                reachedCurr = true;
            }
            if (!start.isDeleted() && start.content instanceof ContentFormat cf) {
                String key = cf.key;
                Object value = cf.value;
                Object startAttrValue = orNull(startAttributes.get(key));
                if (endFormats.get(key) != cf || strictEquals(startAttrValue, value)) {
                    // either this format is overwritten or the attribute already had this value
                    start.delete(transaction);
                    cleanups++;
                    if (!reachedCurr && strictEquals(orNull(currAttributes.get(key)), value)
                            && !strictEquals(startAttrValue, value)) {
                        if (startAttrValue == null) {
                            currAttributes.remove(key);
                        } else {
                            currAttributes.put(key, startAttrValue);
                        }
                    }
                }
                if (!reachedCurr && !start.isDeleted()) {
                    updateCurrentAttributes(currAttributes, cf);
                }
            }
            start = start.right;
        }
        return cleanups;
    }

    /** Yjs {@code cleanupContextlessFormattingGap}: in the gap around {@code item}, keeps one format per key. */
    static void cleanupContextlessFormattingGap(Transaction transaction, Item item) {
        // iterate until item.right is null or content
        while (item != null && item.right != null && (item.right.isDeleted() || !item.right.countable())) {
            item = item.right;
        }
        Set<String> attrs = new HashSet<>();
        // iterate back until a content item is found
        while (item != null && (item.isDeleted() || !item.countable())) {
            if (!item.isDeleted() && item.content instanceof ContentFormat cf) {
                if (!attrs.add(cf.key)) {
                    item.delete(transaction);
                }
            }
            item = item.left;
        }
    }

    /**
     * Yjs {@code cleanupYTextFormatting}: removes redundant format items of {@code type} (in a transaction).
     *
     * @return how many format items were deleted
     */
    static int cleanupFormatting(AbstractType type) {
        int[] res = {0};
        type.doc.transact(transaction -> {
            Item start = type.start;
            Item end = type.start;
            LinkedHashMap<String, Object> startAttributes = new LinkedHashMap<>();
            LinkedHashMap<String, Object> currentAttributes = new LinkedHashMap<>(startAttributes);
            while (end != null) {
                if (!end.isDeleted()) {
                    if (end.content instanceof ContentFormat cf) {
                        updateCurrentAttributes(currentAttributes, cf);
                    } else {
                        res[0] += cleanupFormattingGap(transaction, start, end, startAttributes, currentAttributes);
                        startAttributes = new LinkedHashMap<>(currentAttributes);
                        start = end;
                    }
                }
                end = end.right;
            }
        });
        return res[0];
    }

    /**
     * Yjs {@code cleanupYTextAfterTransaction}: called by the transaction cleanup when a remote change
     * touched formatted text; removes the formatting it made redundant, in a new transaction.
     */
    static void cleanupAfterTransaction(Transaction transaction) {
        Set<AbstractType> needFullCleanup = new LinkedHashSet<>();
        // check if another formatting item was inserted
        Doc doc = transaction.doc;
        for (Map.Entry<Long, Long> entry : transaction.afterState.entrySet()) {
            long client = entry.getKey();
            long afterClock = entry.getValue();
            long clock = transaction.beforeState.getOrDefault(client, 0L);
            if (afterClock == clock) {
                continue;
            }
            // Yjs passes afterClock as the length here (not afterClock - clock); mirrored as is
            StructStore.iterateStructs(transaction, doc.store.clients.get(client), clock, afterClock, struct -> {
                if (struct instanceof Item item && !item.isDeleted() && item.content instanceof ContentFormat) {
                    needFullCleanup.add((AbstractType) item.parent);
                }
            });
        }
        // cleanup in a new transaction
        doc.transact(t -> {
            transaction.deleteSet.iterateDeletedStructs(transaction, struct -> {
                if (!(struct instanceof Item item) || !((AbstractType) item.parent).hasFormatting
                        || needFullCleanup.contains((AbstractType) item.parent)) {
                    return;
                }
                AbstractType parent = (AbstractType) item.parent;
                if (item.content instanceof ContentFormat) {
                    needFullCleanup.add(parent);
                } else {
                    // no formatting attribute was inserted or deleted: a contextless cleanup suffices
                    cleanupContextlessFormattingGap(t, item);
                }
            });
            // if a formatting item was inserted, clean the whole type
            for (AbstractType yText : needFullCleanup) {
                cleanupFormatting(yText);
            }
        });
    }

    /** Yjs {@code deleteText}. */
    static ItemTextListPosition deleteText(Transaction transaction, AbstractType parent, ItemTextListPosition currPos,
            int length) {
        int startLength = length;
        LinkedHashMap<String, Object> startAttrs = new LinkedHashMap<>(currPos.currentAttributes);
        Item start = currPos.right;
        while (length > 0 && currPos.right != null) {
            Item r = currPos.right;
            if (!r.isDeleted()) {
                Content c = r.content;
                if (c instanceof ContentType || c instanceof ContentEmbed || c instanceof ContentString) {
                    if (length < r.length) {
                        transaction.doc.store.getItemCleanStart(transaction,
                                new ID(r.id.client(), r.id.clock() + length));
                    }
                    length -= r.length;
                    r.delete(transaction);
                }
            }
            currPos.forward();
        }
        if (start != null) {
            cleanupFormattingGap(transaction, start, currPos.right, startAttrs, currPos.currentAttributes);
        }
        // Yjs takes the parent from (left || right) and fails on an empty text; we take it as given
        if ((currPos.left != null || currPos.right != null) && parent.searchMarker != null) {
            parent.searchMarker.updateChanges(currPos.index, -startLength + length);
        }
        return currPos;
    }

    // ------------------------------------------------------------------------------------------
    // JS value helpers

    /** JS {@code obj[key]}: {@link Undefined#INSTANCE} when the key is absent. */
    static Object jsGet(Map<String, Object> obj, String key) {
        Object v = obj.get(key);
        if (v == null && !obj.containsKey(key)) {
            return Undefined.INSTANCE;
        }
        return v;
    }

    /** JS {@code value ?? null}. */
    private static Object orNull(Object value) {
        return value == Undefined.INSTANCE ? null : value;
    }

    /** A copy of {@code map} as a JS object would list its keys (array-index keys first). */
    static LinkedHashMap<String, Object> jsObject(Map<String, ?> map) {
        return JsValues.inJsKeyOrder(map);
    }

    /** JS {@code a === b} on the value model: numbers by value (NaN unequal), strings by content, objects by identity. */
    static boolean strictEquals(Object a, Object b) {
        if (a instanceof Number na && !(a instanceof BigInteger)) {
            return b instanceof Number nb && !(b instanceof BigInteger) && na.doubleValue() == nb.doubleValue();
        }
        if (a instanceof String || a instanceof Boolean || a instanceof BigInteger) {
            return a.equals(b);
        }
        return a == b;
    }

    /**
     * Yjs {@code equalAttrs}: {@code a === b}, or both are non-null objects that are flat-equal (lib0
     * {@code object.equalFlat}: same number of keys, and every value of {@code a} {@code ===} the value of
     * {@code b} at the same key).
     */
    static boolean equalAttrs(Object a, Object b) {
        return strictEquals(a, b) || (isJsObject(a) && isJsObject(b) && equalFlat(a, b));
    }

    private static boolean isJsObject(Object v) {
        return v instanceof Map || v instanceof List || v instanceof byte[];
    }

    private static int jsKeyCount(Object obj) {
        if (obj instanceof Map<?, ?> m) {
            return m.size();
        }
        if (obj instanceof List<?> l) {
            return l.size();
        }
        return ((byte[]) obj).length;
    }

    private static boolean jsHas(Object obj, String key) {
        if (obj instanceof Map<?, ?> m) {
            return m.containsKey(key);
        }
        if (!JsValues.isArrayIndex(key)) {
            return false;
        }
        long i = Long.parseLong(key);
        return i < jsKeyCount(obj);
    }

    private static Object jsProperty(Object obj, String key) {
        if (obj instanceof Map<?, ?> m) {
            Object v = m.get(key);
            return v == null && !m.containsKey(key) ? Undefined.INSTANCE : v;
        }
        if (!jsHas(obj, key)) {
            return Undefined.INSTANCE;
        }
        int i = Integer.parseInt(key);
        if (obj instanceof List<?> l) {
            return l.get(i);
        }
        return (long) (((byte[]) obj)[i] & 0xFF);
    }

    private static boolean equalFlat(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (jsKeyCount(a) != jsKeyCount(b)) {
            return false;
        }
        if (a instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!flatEntryEquals(String.valueOf(e.getKey()), e.getValue(), b)) {
                    return false;
                }
            }
            return true;
        }
        int n = jsKeyCount(a);
        for (int i = 0; i < n; i++) {
            String key = Integer.toString(i);
            if (!flatEntryEquals(key, jsProperty(a, key), b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean flatEntryEquals(String key, Object val, Object b) {
        return (val != Undefined.INSTANCE || jsHas(b, key)) && strictEquals(jsProperty(b, key), val);
    }
}
