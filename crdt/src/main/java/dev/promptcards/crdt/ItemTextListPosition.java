package dev.promptcards.crdt;

import java.util.LinkedHashMap;

/**
 * A cursor between two items of a text's list, with its index and the formatting attributes in effect
 * there. Yjs: {@code ItemTextListPosition} in {@code types/YText.js}.
 */
final class ItemTextListPosition {
    Item left;
    Item right;
    int index;
    /** Attributes in effect at the cursor, in the order they were set (a JS Map in Yjs). */
    final LinkedHashMap<String, Object> currentAttributes;

    ItemTextListPosition(Item left, Item right, int index, LinkedHashMap<String, Object> currentAttributes) {
        this.left = left;
        this.right = right;
        this.index = index;
        this.currentAttributes = currentAttributes;
    }

    /** Moves over {@link #right}, which must not be null. */
    void forward() {
        Item r = right;
        if (r == null) {
            throw new IllegalStateException("unexpected case: nothing to move over");
        }
        if (!r.isDeleted()) {
            if (r.content instanceof ContentFormat format) {
                YText.updateCurrentAttributes(currentAttributes, format);
            } else {
                // Yjs adds the length of any visible non-format item here, countable or not
                index += r.length;
            }
        }
        left = r;
        right = r.right;
    }
}
