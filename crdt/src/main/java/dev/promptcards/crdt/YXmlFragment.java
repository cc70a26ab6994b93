package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A shared list of XML nodes ({@link YXmlElement}, {@link YXmlText}, {@link YXmlHook}) without a name
 * or attributes of its own, as used by editor bindings such as y-prosemirror. Yjs:
 * {@code types/YXmlFragment.js} (type ref 4).
 *
 * <p>A new fragment is <em>preliminary</em> until it is inserted into a document (then its children
 * are inserted with it, as in Yjs). Once part of a document, every change runs in a transaction of
 * that document. Not thread-safe, like {@link Doc}.
 */
public class YXmlFragment extends AbstractType {
    /** Children collected before integration (Yjs {@code _prelimContent}); null afterwards. */
    private List<Object> prelimContent = new ArrayList<>();

    /** A new, preliminary, empty fragment. */
    public YXmlFragment() {
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
        return new YXmlFragment();
    }

    @Override
    void writeTypeRef(UpdateEncoderV1 encoder) {
        encoder.writeTypeRef(ContentType.Y_XML_FRAGMENT);
    }

    /** The number of children. */
    public int length() {
        return prelimContent != null ? prelimContent.size() : length;
    }

    /**
     * Inserts child nodes so the first ends up at {@code index}.
     *
     * @param children new (not yet inserted) {@link YXmlElement}, {@link YXmlText} or {@link YXmlHook} nodes
     * @throws IndexOutOfBoundsException if {@code index < 0} or {@code index > length()}
     * @throws IllegalArgumentException if a child is not a new XML node
     */
    public void insert(int index, List<? extends AbstractType> children) {
        YArray.checkPosition(index, length());
        List<Object> values = prepareChildren(children);
        if (doc != null) {
            doc.transact(tr -> typeListInsertGenerics(tr, this, index, values));
        } else {
            prelimContent.addAll(index, values);
        }
    }

    /**
     * Inserts child nodes right after the child {@code ref} (null: at the start). Yjs
     * {@code insertAfter}.
     *
     * @throws IllegalArgumentException if {@code ref} is not a child of this node, or a child is not a new XML node
     */
    public void insertAfter(AbstractType ref, List<? extends AbstractType> children) {
        List<Object> values = prepareChildren(children);
        if (doc != null) {
            if (ref != null && (ref.item == null || ref.item.parent != this)) {
                throw new IllegalArgumentException("reference node is not a child of this node");
            }
            doc.transact(tr -> typeListInsertGenericsAfter(tr, this, ref == null ? null : ref.item, values));
        } else {
            int index = 0;
            if (ref != null) {
                index = indexOfIdentity(prelimContent, ref) + 1;
                if (index == 0) {
                    throw new IllegalArgumentException("reference node not found");
                }
            }
            prelimContent.addAll(index, values);
        }
    }

    /** Appends child nodes (Yjs: {@code insert(length, children)}, so after the last undeleted child). */
    public void push(List<? extends AbstractType> children) {
        insert(length(), children);
    }

    /** Inserts child nodes at the start. */
    public void unshift(List<? extends AbstractType> children) {
        insert(0, children);
    }

    /**
     * Deletes {@code length} children starting at {@code index}.
     *
     * @throws IndexOutOfBoundsException if the range is not within the children (nothing is deleted then)
     */
    public void delete(int index, int length) {
        YArray.checkRange(index, length, length());
        if (doc != null) {
            doc.transact(tr -> typeListDelete(tr, this, index, length));
        } else {
            prelimContent.subList(index, index + length).clear();
        }
    }

    /** Deletes the child at {@code index}. */
    public void delete(int index) {
        delete(index, 1);
    }

    /**
     * The child at {@code index} (the live node).
     *
     * @throws IndexOutOfBoundsException if {@code index < 0} or {@code index >= length()}
     */
    public Object get(int index) {
        Objects.checkIndex(index, length());
        Object value = prelimContent != null ? prelimContent.get(index) : typeListGet(this, index);
        return TypeValues.copyOut(value);
    }

    /** The children from {@code start} to {@code end} (exclusive); negative indexes count from the end. */
    public List<Object> slice(int start, int end) {
        int len = length();
        int from = YArray.clamp(start, len);
        int to = YArray.clamp(end, len);
        List<Object> values;
        if (prelimContent != null) {
            values = from < to ? new ArrayList<>(prelimContent.subList(from, to)) : new ArrayList<>();
        } else {
            values = typeListSlice(this, from, to);
        }
        values.replaceAll(TypeValues::copyOut);
        return values;
    }

    /** All children. */
    public List<Object> toArray() {
        List<Object> values = children();
        values.replaceAll(TypeValues::copyOut);
        return values;
    }

    /** The first child, or null. Yjs {@code firstChild}. */
    public Object firstChild() {
        if (prelimContent != null) {
            return prelimContent.isEmpty() ? null : prelimContent.get(0);
        }
        Item first = first();
        return first == null ? null : TypeValues.copyOut(first.content.getContent().get(0));
    }

    /** The children, uncopied. */
    List<Object> children() {
        return prelimContent != null ? new ArrayList<>(prelimContent) : typeListToArray(this);
    }

    /** The concatenated {@code toString()} of the children, as Yjs renders a fragment. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Object child : children()) {
            out.append(TypeValues.jsString(child));
        }
        return out.toString();
    }

    /** Same as {@link #toString()} (Yjs). */
    @Override
    public String toJSON() {
        return toString();
    }

    private List<Object> prepareChildren(List<? extends AbstractType> children) {
        if (children == null) {
            throw new IllegalArgumentException("children must be a list (use List.of() for none)");
        }
        for (AbstractType child : children) {
            if (!(child instanceof YXmlElement || child instanceof YXmlText || child instanceof YXmlHook)) {
                throw new IllegalArgumentException("XML children are YXmlElement, YXmlText or YXmlHook, not "
                        + (child == null ? "null" : child.getClass().getSimpleName()));
            }
        }
        return TypeValues.prepareListValues(children, this);
    }

    private static int indexOfIdentity(List<Object> list, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == value) {
                return i;
            }
        }
        return -1;
    }
}
