package dev.promptcards.crdt;

import java.util.HashSet;
import java.util.Set;

/**
 * A run of content inserted by one client, linked into its parent's list (or a map key's history).
 * Yjs: {@code structs/Item.js}; the integration is YATA as Yjs implements it.
 */
final class Item extends AbstractStruct {
    // info bits (Yjs Item.js): keep, countable, deleted, marker
    private static final int KEEP = 1;
    private static final int COUNTABLE = 2;
    private static final int DELETED = 4;
    private static final int MARKER = 8;

    /** The item originally to the left when this one was created. */
    ID origin;
    /** The item currently to the left. */
    Item left;
    /** The item currently to the right. */
    Item right;
    /** The item originally to the right when this one was created. */
    ID rightOrigin;
    /**
     * An {@link AbstractType} once integrated; before that an {@link ID} (parent item), a
     * {@link String} (root type name) or null (take the parent from left/right).
     */
    Object parent;
    /** The map key, or null for list content. */
    String parentSub;
    Content content;
    private int info;

    Item(ID id, Item left, ID origin, Item right, ID rightOrigin, Object parent, String parentSub, Content content) {
        super(id, content.getLength());
        this.origin = origin;
        this.left = left;
        this.right = right;
        this.rightOrigin = rightOrigin;
        this.parent = parent;
        this.parentSub = parentSub;
        this.content = content;
        this.info = content.isCountable() ? COUNTABLE : 0;
    }

    boolean isMarker() { return (info & MARKER) != 0; }

    void setMarker(boolean marked) {
        info = marked ? info | MARKER : info & ~MARKER;
    }

    boolean keep() { return (info & KEEP) != 0; }

    void setKeep(boolean keep) {
        info = keep ? info | KEEP : info & ~KEEP;
    }

    boolean countable() { return (info & COUNTABLE) != 0; }

    @Override
    boolean isDeleted() { return (info & DELETED) != 0; }

    void markDeleted() { info |= DELETED; }

    AbstractType parentType() {
        return (AbstractType) parent;
    }

    /** The last id covered by this item. */
    ID lastId() {
        return length == 1 ? id : new ID(id.client(), id.clock() + length - 1);
    }

    /** The next item to the right that is not deleted. */
    Item next() {
        Item n = right;
        while (n != null && n.isDeleted()) {
            n = n.right;
        }
        return n;
    }

    /** The next item to the left that is not deleted. */
    Item prev() {
        Item n = left;
        while (n != null && n.isDeleted()) {
            n = n.left;
        }
        return n;
    }

    /** Splits {@code leftItem} at {@code diff}, returning the new right half. Yjs {@code splitItem}. */
    static Item split(Transaction transaction, Item leftItem, int diff) {
        long client = leftItem.id.client();
        long clock = leftItem.id.clock();
        Item rightItem = new Item(
                new ID(client, clock + diff),
                leftItem,
                new ID(client, clock + diff - 1),
                leftItem.right,
                leftItem.rightOrigin,
                leftItem.parent,
                leftItem.parentSub,
                leftItem.content.splice(diff));
        if (leftItem.isDeleted()) {
            rightItem.markDeleted();
        }
        if (leftItem.keep()) {
            rightItem.setKeep(true);
        }
        // do not set leftItem.rightOrigin: that would break syncing (Yjs)
        leftItem.right = rightItem;
        if (rightItem.right != null) {
            rightItem.right.left = rightItem;
        }
        transaction.mergeStructs.add(rightItem);
        if (rightItem.parentSub != null && rightItem.right == null) {
            ((AbstractType) rightItem.parent).map.put(rightItem.parentSub, rightItem);
        }
        leftItem.length = diff;
        return rightItem;
    }

    @Override
    long getMissing(Transaction transaction, StructStore store) {
        if (origin != null && origin.client() != id.client() && origin.clock() >= store.getState(origin.client())) {
            return origin.client();
        }
        if (rightOrigin != null && rightOrigin.client() != id.client()
                && rightOrigin.clock() >= store.getState(rightOrigin.client())) {
            return rightOrigin.client();
        }
        if (parent instanceof ID p && id.client() != p.client() && p.clock() >= store.getState(p.client())) {
            return p.client();
        }
        // all dependencies are here: resolve them (either side may turn out to be a GC struct)
        boolean besideGc = false;
        if (origin != null) {
            AbstractStruct l = store.getItemCleanEnd(transaction, origin);
            if (l instanceof Item li) {
                left = li;
                origin = li.lastId();
            } else {
                besideGc = true;
            }
        }
        if (rightOrigin != null) {
            AbstractStruct r = store.getItemCleanStart(transaction, rightOrigin);
            if (r instanceof Item ri) {
                right = ri;
                rightOrigin = ri.id;
            } else {
                besideGc = true;
            }
        }
        if (besideGc) {
            parent = null;
        } else if (parent == null) {
            // only take the parent over if this item is not going to be garbage collected
            if (left != null) {
                parent = left.parent;
                parentSub = left.parentSub;
            } else if (right != null) {
                parent = right.parent;
                parentSub = right.parentSub;
            }
        } else if (parent instanceof ID p) {
            AbstractStruct parentStruct = store.find(p);
            // A parent that is not a type can only come from a malformed update (Yjs would fail
            // later); treat it like a collected parent so the item becomes a GC struct.
            parent = parentStruct instanceof Item pi && pi.content instanceof ContentType ct ? ct.type : null;
        }
        return -1;
    }

    @Override
    void integrate(Transaction transaction, int offset) {
        if (offset > 0) {
            id = new ID(id.client(), id.clock() + offset);
            AbstractStruct l = transaction.doc.store.getItemCleanEnd(transaction, new ID(id.client(), id.clock() - 1));
            content = content.splice(offset);
            length -= offset;
            if (l instanceof Item li) {
                left = li;
                origin = li.lastId();
            } else {
                // our own earlier clocks were collected: so is this (Yjs would fail here)
                parent = null;
            }
        }
        if (parent == null) {
            // the parent is gone: integrate a GC struct instead
            new GC(id, length).integrate(transaction, 0);
            return;
        }
        AbstractType parentType = (AbstractType) parent;
        if ((left == null && (right == null || right.left != null)) || (left != null && left.right != right)) {
            Item newLeft = left;
            Item o;
            // o is the first conflicting item
            if (newLeft != null) {
                o = newLeft.right;
            } else if (parentSub != null) {
                o = parentType.map.get(parentSub);
                while (o != null && o.left != null) {
                    o = o.left;
                }
            } else {
                o = parentType.start;
            }
            Set<Item> conflictingItems = new HashSet<>();
            Set<Item> itemsBeforeOrigin = new HashSet<>();
            // Let c in conflictingItems, b in itemsBeforeOrigin
            // ***{origin}bbbb{this}{c,b}{c,b}{o}***
            while (o != null && o != right) {
                itemsBeforeOrigin.add(o);
                conflictingItems.add(o);
                if (ID.equalIds(origin, o.origin)) {
                    // case 1: same origin; the lower client id goes left
                    if (o.id.client() < id.client()) {
                        newLeft = o;
                        conflictingItems.clear();
                    } else if (ID.equalIds(rightOrigin, o.rightOrigin)) {
                        // same integration points: this goes before o
                        break;
                    }
                } else if (o.origin != null && itemsBeforeOrigin.contains(transaction.doc.store.getItem(o.origin))) {
                    // case 2: o's origin is between our origin and o
                    if (!conflictingItems.contains(transaction.doc.store.getItem(o.origin))) {
                        newLeft = o;
                        conflictingItems.clear();
                    }
                } else {
                    break;
                }
                o = o.right;
            }
            left = newLeft;
        }
        // reconnect left/right and update the parent's map or start
        if (left != null) {
            right = left.right;
            left.right = this;
        } else {
            Item r;
            if (parentSub != null) {
                r = parentType.map.get(parentSub);
                while (r != null && r.left != null) {
                    r = r.left;
                }
            } else {
                r = parentType.start;
                parentType.start = this;
            }
            right = r;
        }
        if (right != null) {
            right.left = this;
        } else if (parentSub != null) {
            // this is the current value of the key; the previous one is deleted
            parentType.map.put(parentSub, this);
            if (left != null) {
                left.delete(transaction);
            }
        }
        if (parentSub == null && countable() && !isDeleted()) {
            parentType.length += length;
        }
        transaction.doc.store.addStruct(this);
        content.integrate(transaction, this);
        transaction.addChangedType(parentType, parentSub);
        if ((parentType.item != null && parentType.item.isDeleted()) || (parentSub != null && right != null)) {
            // deleted parent, or an overwritten map value
            delete(transaction);
        }
    }

    @Override
    boolean mergeWith(AbstractStruct rightStruct) {
        if (!(rightStruct instanceof Item r)) {
            return false;
        }
        if (ID.equalIds(r.origin, lastId())
                && right == r
                && ID.equalIds(rightOrigin, r.rightOrigin)
                && id.client() == r.id.client()
                && id.clock() + length == r.id.clock()
                && isDeleted() == r.isDeleted()
                && content.getClass() == r.content.getClass()
                && content.mergeWith(r.content)) {
            AbstractType parentType = (AbstractType) parent;
            if (parentType != null && parentType.searchMarker != null) {
                parentType.searchMarker.onMerge(this, r);
            }
            if (r.keep()) {
                setKeep(true);
            }
            right = r.right;
            if (right != null) {
                right.left = this;
            }
            length += r.length;
            return true;
        }
        return false;
    }

    /** Marks this item deleted. Yjs {@code Item#delete}. */
    void delete(Transaction transaction) {
        if (!isDeleted()) {
            AbstractType parentType = (AbstractType) parent;
            if (countable() && parentSub == null) {
                parentType.length -= length;
            }
            markDeleted();
            transaction.deleteSet.add(id.client(), id.clock(), length);
            transaction.addChangedType(parentType, parentSub);
            content.delete(transaction);
        }
    }

    /** Drops the content of this deleted item: a GC struct if the parent is gone too. */
    void gc(StructStore store, boolean parentGCd) {
        if (!isDeleted()) {
            throw new IllegalStateException("only deleted items can be garbage collected");
        }
        content.gc(store);
        if (parentGCd) {
            store.replaceStruct(this, new GC(id, length));
        } else {
            content = new ContentDeleted(length);
        }
    }

    @Override
    void write(UpdateEncoderV1 encoder, int offset) {
        ID writtenOrigin = offset > 0 ? new ID(id.client(), id.clock() + offset - 1) : origin;
        // info byte (Yjs Item#write): bits 0-4 content ref, bit 5 parentSub, bit 6 rightOrigin, bit 7 origin
        int infoByte = (content.getRef() & 0x1F)
                | (writtenOrigin == null ? 0 : 0x80)
                | (rightOrigin == null ? 0 : 0x40)
                | (parentSub == null ? 0 : 0x20);
        encoder.writeInfo(infoByte);
        if (writtenOrigin != null) {
            encoder.writeLeftID(writtenOrigin);
        }
        if (rightOrigin != null) {
            encoder.writeRightID(rightOrigin);
        }
        if (writtenOrigin == null && rightOrigin == null) {
            if (parent instanceof AbstractType parentType) {
                if (parentType.item == null) {
                    encoder.writeParentInfo(true);
                    encoder.writeString(parentType.rootKey());
                } else {
                    encoder.writeParentInfo(false);
                    encoder.writeLeftID(parentType.item.id);
                }
            } else if (parent instanceof String rootName) {
                // an item of a Doc-free update (Yjs: "added by differential updates")
                encoder.writeParentInfo(true);
                encoder.writeString(rootName);
            } else if (parent instanceof ID parentId) {
                encoder.writeParentInfo(false);
                encoder.writeLeftID(parentId);
            } else {
                throw new IllegalStateException("item " + id + " has no parent to write");
            }
            if (parentSub != null) {
                encoder.writeString(parentSub);
            }
        }
        content.write(encoder, offset);
    }

    @Override
    public String toString() {
        return "Item(" + id + ", len " + length + ", " + content.getClass().getSimpleName() + ")";
    }
}
