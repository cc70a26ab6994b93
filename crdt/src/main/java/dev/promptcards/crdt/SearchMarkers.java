package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Cached (item, index) positions of a long list so index lookups start near their target instead of
 * at the list's start. Yjs: {@code ArraySearchMarker}, {@code findMarker}, {@code markPosition} and
 * {@code updateMarkerChanges} in {@code types/AbstractType.js}; the order of operations (which marker
 * is picked, reused or dropped) follows Yjs exactly.
 *
 * <p>Yjs stamps markers from one module-wide counter; markers are only ever compared with markers of
 * the same list, so a counter per list gives the same order.
 */
final class SearchMarkers {
    /** Yjs {@code maxSearchMarker}. */
    static final int MAX_SEARCH_MARKER = 80;

    /** A cached position: {@link #p} starts at list index {@link #index}. Yjs {@code ArraySearchMarker}. */
    static final class Marker {
        Item p;
        int index;
        long timestamp;

        private Marker(Item p, int index, long timestamp) {
            this.p = p;
            this.index = index;
            this.timestamp = timestamp;
        }
    }

    /** In Yjs array order: new markers are appended, removed ones spliced out. */
    private final ArrayList<Marker> markers = new ArrayList<>();
    private long clock;

    int size() {
        return markers.size();
    }

    /** The markers, in Yjs array order (read only; for tests). */
    List<Marker> markers() {
        return Collections.unmodifiableList(markers);
    }

    /** Yjs {@code _searchMarker.length = 0}. */
    void clear() {
        markers.clear();
    }

    private Marker newMarker(Item p, int index) {
        p.setMarker(true);
        return new Marker(p, index, clock++);
    }

    /** Yjs {@code refreshMarkerTimestamp}. */
    private void refresh(Marker marker) {
        marker.timestamp = clock++;
    }

    /** Yjs {@code overwriteMarker}: the only place a marker moves to another item. */
    private void overwrite(Marker marker, Item p, int index) {
        marker.p.setMarker(false);
        marker.p = p;
        p.setMarker(true);
        marker.index = index;
        marker.timestamp = clock++;
    }

    /** Yjs {@code markPosition}: a new marker, or the oldest one moved here when there are 80 already. */
    Marker markPosition(Item p, int index) {
        if (markers.size() >= MAX_SEARCH_MARKER) {
            // reuse the oldest marker (Yjs: reduce keeping a when a.timestamp < b.timestamp)
            Marker oldest = markers.get(0);
            for (int i = 1; i < markers.size(); i++) {
                Marker b = markers.get(i);
                oldest = oldest.timestamp < b.timestamp ? oldest : b;
            }
            overwrite(oldest, p, index);
            return oldest;
        }
        Marker marker = newMarker(p, index);
        markers.add(marker);
        return marker;
    }

    /**
     * Yjs {@code findMarker}: a (refreshed) marker at an item that starts at or before {@code index},
     * close to it; null when the list is empty, {@code index} is 0 or the type uses no markers.
     */
    static Marker findMarker(AbstractType type, int index) {
        SearchMarkers searchMarker = type.searchMarker;
        if (type.start == null || index == 0 || searchMarker == null) {
            return null;
        }
        ArrayList<Marker> markers = searchMarker.markers;
        Marker marker = null;
        if (!markers.isEmpty()) {
            // Yjs: reduce((a, b) => |index - a.index| < |index - b.index| ? a : b), ties go to b
            marker = markers.get(0);
            for (int i = 1; i < markers.size(); i++) {
                Marker b = markers.get(i);
                marker = Math.abs((long) index - marker.index) < Math.abs((long) index - b.index) ? marker : b;
            }
        }
        Item p = type.start;
        int pindex = 0;
        if (marker != null) {
            p = marker.p;
            pindex = marker.index;
            searchMarker.refresh(marker); // we used it, we might need to use it again
        }
        // iterate to the right if possible
        while (p.right != null && pindex < index) {
            if (!p.isDeleted() && p.countable()) {
                if (index < pindex + p.length) {
                    break;
                }
                pindex += p.length;
            }
            p = p.right;
        }
        // iterate to the left if necessary (pindex may be > index)
        while (p.left != null && pindex > index) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) {
                pindex -= p.length;
            }
        }
        // p must not be mergeable with its left neighbour (a merge would lose the marker's item):
        // move left until it is not
        while (p.left != null && p.left.id.client() == p.id.client()
                && p.left.id.clock() + p.left.length == p.id.clock()) {
            p = p.left;
            if (!p.isDeleted() && p.countable()) {
                pindex -= p.length;
            }
        }
        if (marker != null && Math.abs((long) marker.index - pindex) < ((AbstractType) p.parent).length / (double) MAX_SEARCH_MARKER) {
            // close enough: move the existing marker
            searchMarker.overwrite(marker, p, pindex);
            return marker;
        }
        return searchMarker.markPosition(p, pindex);
    }

    /**
     * Where {@code typeListPushGenerics} starts walking to the end: the item of the marker with the
     * highest index, or {@code start} when no marker has an index above 0 (Yjs: reduce with the initial
     * value {@code {index: 0, p: parent._start}}, keeping the current maximum on ties).
     */
    Item pushStart(Item start) {
        Item p = start;
        int maxIndex = 0;
        for (Marker m : markers) {
            if (m.index > maxIndex) {
                maxIndex = m.index;
                p = m.p;
            }
        }
        return p;
    }

    /**
     * Yjs {@code updateMarkerChanges}: shifts the markers after {@code index} by {@code len}
     * (positive for an insertion, negative for a deletion). Call it before deleting.
     */
    void updateChanges(int index, int len) {
        for (int i = markers.size() - 1; i >= 0; i--) {
            Marker m = markers.get(i);
            if (len > 0) {
                Item p = m.p;
                p.setMarker(false);
                // move the marker to the previous undeleted countable item, so the index comparison
                // below is right (Yjs: markers may point at deleted items or formats)
                while (p != null && (p.isDeleted() || !p.countable())) {
                    p = p.left;
                    if (p != null && !p.isDeleted() && p.countable()) {
                        m.index -= p.length;
                    }
                }
                if (p == null || p.isMarker()) {
                    // no position left, or the position is marked already
                    markers.remove(i);
                    continue;
                }
                m.p = p;
                p.setMarker(true);
            }
            if (index < m.index || (len > 0 && index == m.index)) {
                m.index = Math.max(index, m.index + len);
            }
        }
    }

    /**
     * {@code right} is being merged into {@code left} (called before {@code left.length} grows):
     * markers on {@code right} move to {@code left}. Yjs {@code Item#mergeWith}.
     */
    void onMerge(Item left, Item right) {
        for (Marker marker : markers) {
            if (marker.p == right) {
                marker.p = left;
                if (!left.isDeleted() && left.countable()) {
                    marker.index -= left.length;
                }
            }
        }
    }
}
