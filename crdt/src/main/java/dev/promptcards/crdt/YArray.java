package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shared list. Yjs: {@code types/YArray.js} (type ref 0).
 *
 * <p>Values: null, numbers (any {@link Number}, stored as JS numbers: {@code Long} when integral and
 * within 2^53, else {@code Double}), strings, booleans, {@code Map<String,?>} (JS objects) and
 * {@code List} (JS arrays) of such values (there also {@code BigInteger} and
 * {@link dev.promptcards.crdt.lib0.Undefined}), {@code byte[]}, a new shared type such as
 * {@code new YText()} (it becomes the live nested type) or a new {@link Doc} (a sub-document). Other
 * values are rejected with {@link IllegalArgumentException} before anything changes. Plain values are
 * copied on the way in and out, so changing a map or list you passed in or got back does not change
 * the document.
 *
 * <p>A new {@code YArray} is <em>preliminary</em>: it collects changes locally and reads them back
 * until it is inserted into a document (then its content is inserted with it, as in Yjs). Once part of
 * a document, every change runs in a transaction of that document (joining the current one, if any).
 * Not thread-safe, like {@link Doc}.
 */
public final class YArray extends AbstractType {
    /** Content collected before integration (Yjs {@code _prelimContent}); null afterwards. */
    private List<Object> prelimContent = new ArrayList<>();

    /** A new, preliminary array; insert it into a document to share it. */
    public YArray() {
        searchMarker = new SearchMarkers(); // Yjs: this._searchMarker = []
    }

    /** A new, preliminary array holding {@code items} (Yjs {@code YArray.from}). */
    public static YArray from(List<?> items) {
        YArray array = new YArray();
        array.push(items);
        return array;
    }

    @Override
    void integrate(Doc doc, Item item) {
        super.integrate(doc, item);
        List<Object> content = prelimContent;
        prelimContent = null;
        if (content != null && !content.isEmpty()) {
            // Yjs _integrate: this.insert(0, this._prelimContent)
            doc.transact(tr -> typeListInsertGenerics(tr, this, 0, content));
        }
    }

    @Override
    AbstractType copyEmpty() {
        return new YArray();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_ARRAY);
    }

    /** The number of values. */
    public int length() {
        return prelimContent != null ? prelimContent.size() : length;
    }

    /**
     * Inserts {@code content} so its first value ends up at {@code index}. Inserting several values
     * in one call is much cheaper than one by one (consecutive plain values share one item).
     *
     * @throws IndexOutOfBoundsException if {@code index < 0} or {@code index > length()}
     * @throws IllegalArgumentException if a value cannot be stored (see the class comment)
     */
    public void insert(int index, List<?> content) {
        checkPosition(index, length());
        List<Object> values = TypeValues.prepareListValues(content, this);
        if (doc != null) {
            doc.transact(tr -> typeListInsertGenerics(tr, this, index, values));
        } else {
            prelimContent.addAll(index, values);
        }
    }

    /** Appends {@code content} at the end (after any deleted trailing values, as Yjs does). */
    public void push(List<?> content) {
        List<Object> values = TypeValues.prepareListValues(content, this);
        if (doc != null) {
            doc.transact(tr -> typeListPushGenerics(tr, this, values));
        } else {
            prelimContent.addAll(values);
        }
    }

    /** Inserts {@code content} at the start (same as {@code insert(0, content)}). */
    public void unshift(List<?> content) {
        insert(0, content);
    }

    /**
     * Deletes {@code length} values starting at {@code index}.
     *
     * @throws IndexOutOfBoundsException if the range is not within the array (nothing is deleted then)
     */
    public void delete(int index, int length) {
        checkRange(index, length, length());
        if (doc != null) {
            doc.transact(tr -> typeListDelete(tr, this, index, length));
        } else {
            prelimContent.subList(index, index + length).clear();
        }
    }

    /** Deletes the value at {@code index}. */
    public void delete(int index) {
        delete(index, 1);
    }

    /**
     * The value at {@code index}: a nested type as the live object, plain values as copies.
     *
     * @throws IndexOutOfBoundsException if {@code index < 0} or {@code index >= length()} (Yjs returns
     *                                   undefined)
     */
    public Object get(int index) {
        Objects.checkIndex(index, length());
        Object value = prelimContent != null ? prelimContent.get(index) : typeListGet(this, index);
        return TypeValues.copyOut(value);
    }

    /**
     * The values from {@code start} to {@code end} (exclusive). Negative indexes count from the end
     * (Yjs); indexes are then clamped to {@code 0..length()} like JS {@code Array#slice}.
     */
    public List<Object> slice(int start, int end) {
        int len = length();
        int from = clamp(start, len);
        int to = clamp(end, len);
        List<Object> values;
        if (prelimContent != null) {
            values = from < to ? new ArrayList<>(prelimContent.subList(from, to)) : new ArrayList<>();
        } else {
            values = typeListSlice(this, from, to);
        }
        values.replaceAll(TypeValues::copyOut);
        return values;
    }

    /** The values from {@code start} to the end (see {@link #slice(int, int)}). */
    public List<Object> slice(int start) {
        return slice(start, length());
    }

    /** All values, nested types as live objects. */
    public List<Object> toArray() {
        List<Object> values = prelimContent != null ? new ArrayList<>(prelimContent) : typeListToArray(this);
        values.replaceAll(TypeValues::copyOut);
        return values;
    }

    /** All values as plain data: nested types by their {@code toJSON()}, {@code byte[]} as is. */
    @Override
    public List<Object> toJSON() {
        List<Object> values = prelimContent != null ? new ArrayList<>(prelimContent) : typeListToArray(this);
        values.replaceAll(TypeValues::toJSONValue);
        return values;
    }

    static void checkPosition(int index, int length) {
        if (index < 0 || index > length) {
            throw new IndexOutOfBoundsException("index " + index + " out of bounds for length " + length);
        }
    }

    static void checkRange(int index, int count, int length) {
        if (count < 0) {
            throw new IndexOutOfBoundsException("negative length " + count);
        }
        Objects.checkFromIndexSize(index, count, length);
    }

    static int clamp(int index, int length) {
        if (index < 0) {
            return Math.max(0, length + index);
        }
        return Math.min(index, length);
    }
}
