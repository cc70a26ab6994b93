package dev.promptcards.crdt;

/**
 * Cached (item, index) positions of a long list so index lookups start near their target. Yjs:
 * {@code ArraySearchMarker}, {@code findMarker} and {@code updateMarkerChanges} in {@code types/AbstractType.js}.
 */
final class SearchMarkers {
    void clear() {
    }

    /** {@code right} is being merged into {@code left}: markers on {@code right} move to {@code left}. */
    void onMerge(Item left, Item right) {
    }
}
