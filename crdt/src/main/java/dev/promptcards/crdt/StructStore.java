package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every struct of a document, per client, sorted by clock with no gaps; plus the updates that wait
 * for missing dependencies. Yjs: {@code utils/StructStore.js}.
 */
final class StructStore {
    /** Structs per client, in clock order (insertion-ordered like the JS Map, for identical iteration). */
    final Map<Long, ArrayList<AbstractStruct>> clients = new LinkedHashMap<>();
    /** Structs that could not be integrated yet, as an update, and the lowest clock missing per client. */
    PendingStructs pendingStructs;
    /** Deletions of clocks not received yet (Yjs keeps them as an update; the content is the same). */
    DeleteSet pendingDs;

    /** The pending delete set whose encoded size {@link #pendingDsBytes} holds (sets are replaced, never changed). */
    private DeleteSet measuredDs;
    private long pendingDsBytes;

    record PendingStructs(Map<Long, Long> missing, byte[] update) { }

    /**
     * The bytes of what waits for missing dependencies: the pending structs' update plus the pending
     * deletions as encoded (what a full-state update carries of them). Measures a delete set once.
     */
    long pendingBytes() {
        long bytes = pendingStructs == null ? 0 : pendingStructs.update().length;
        if (pendingDs != measuredDs) {
            measuredDs = pendingDs;
            pendingDsBytes = pendingDs == null ? 0 : pendingDs.encodedLength();
        }
        return bytes + pendingDsBytes;
    }

    /** Forgets what waits for missing dependencies (never integrated, so the document is unchanged). */
    void dropPending() {
        pendingStructs = null;
        pendingDs = null;
    }

    /** The next clock expected from every client. Yjs {@code getStateVector}. */
    Map<Long, Long> getStateVector() {
        Map<Long, Long> sv = new LinkedHashMap<>();
        clients.forEach((client, structs) -> {
            AbstractStruct last = structs.get(structs.size() - 1);
            sv.put(client, last.endClock());
        });
        return sv;
    }

    /** The next clock expected from {@code client}. */
    long getState(long client) {
        ArrayList<AbstractStruct> structs = clients.get(client);
        if (structs == null) {
            return 0;
        }
        return structs.get(structs.size() - 1).endClock();
    }

    void addStruct(AbstractStruct struct) {
        ArrayList<AbstractStruct> structs = clients.get(struct.id.client());
        if (structs == null) {
            structs = new ArrayList<>();
            clients.put(struct.id.client(), structs);
        } else {
            AbstractStruct last = structs.get(structs.size() - 1);
            if (last.endClock() != struct.id.clock()) {
                throw new IllegalStateException("struct " + struct.id + " does not follow " + last.id + "+" + last.length);
            }
        }
        structs.add(struct);
    }

    /** Binary search (with Yjs's pivot guess) for the struct containing {@code clock}. */
    static int findIndexSS(ArrayList<AbstractStruct> structs, long clock) {
        int left = 0;
        int right = structs.size() - 1;
        AbstractStruct mid = structs.get(right);
        long midclock = mid.id.clock();
        if (midclock == clock) {
            return right;
        }
        long span = midclock + mid.length - 1;
        int midindex = span <= 0 ? 0 : (int) Math.min(right, Math.floor(((double) clock / span) * right));
        while (left <= right) {
            mid = structs.get(midindex);
            midclock = mid.id.clock();
            if (midclock <= clock) {
                if (clock < midclock + mid.length) {
                    return midindex;
                }
                left = midindex + 1;
            } else {
                right = midindex - 1;
            }
            midindex = (left + right) >>> 1;
        }
        throw new IllegalStateException("no struct holds clock " + clock);
    }

    ArrayList<AbstractStruct> structsOf(long client) {
        ArrayList<AbstractStruct> structs = clients.get(client);
        if (structs == null) {
            throw new IllegalStateException("no structs of client " + client);
        }
        return structs;
    }

    /** The struct holding {@code id}; it must exist. */
    AbstractStruct find(ID id) {
        ArrayList<AbstractStruct> structs = structsOf(id.client());
        return structs.get(findIndexSS(structs, id.clock()));
    }

    /** Like {@link #find} for an id known to be an item's. */
    Item getItem(ID id) {
        AbstractStruct struct = find(id);
        return struct instanceof Item item ? item : null;
    }

    /** Index of the struct starting exactly at {@code clock}, splitting an item if needed. */
    static int findIndexCleanStart(Transaction transaction, ArrayList<AbstractStruct> structs, long clock) {
        int index = findIndexSS(structs, clock);
        AbstractStruct struct = structs.get(index);
        if (struct.id.clock() < clock && struct instanceof Item item) {
            structs.add(index + 1, Item.split(transaction, item, (int) (clock - item.id.clock())));
            return index + 1;
        }
        return index;
    }

    /** The struct starting exactly at {@code id} (an item is split if needed; a GC is returned as is). */
    AbstractStruct getItemCleanStart(Transaction transaction, ID id) {
        ArrayList<AbstractStruct> structs = structsOf(id.client());
        return structs.get(findIndexCleanStart(transaction, structs, id.clock()));
    }

    /** The struct ending exactly at {@code id} (an item is split if needed; a GC is returned as is). */
    AbstractStruct getItemCleanEnd(Transaction transaction, ID id) {
        ArrayList<AbstractStruct> structs = structsOf(id.client());
        int index = findIndexSS(structs, id.clock());
        AbstractStruct struct = structs.get(index);
        if (id.clock() != struct.id.clock() + struct.length - 1 && struct instanceof Item item) {
            structs.add(index + 1, Item.split(transaction, item, (int) (id.clock() - item.id.clock() + 1)));
        }
        return struct;
    }

    void replaceStruct(AbstractStruct struct, AbstractStruct newStruct) {
        ArrayList<AbstractStruct> structs = structsOf(struct.id.client());
        structs.set(findIndexSS(structs, struct.id.clock()), newStruct);
    }

    /** Calls {@code f} on every struct covering [clockStart, clockStart+len), splitting at both ends. */
    static void iterateStructs(Transaction transaction, ArrayList<AbstractStruct> structs, long clockStart, long len,
            Consumer<AbstractStruct> f) {
        if (len == 0) {
            return;
        }
        long clockEnd = clockStart + len;
        int index = findIndexCleanStart(transaction, structs, clockStart);
        AbstractStruct struct;
        do {
            struct = structs.get(index++);
            if (clockEnd < struct.endClock()) {
                findIndexCleanStart(transaction, structs, clockEnd);
            }
            f.accept(struct);
        } while (index < structs.size() && structs.get(index).id.clock() < clockEnd);
    }
}
