package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.DecodeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Deleted clock ranges per client. Yjs: {@code utils/DeleteSet.js}. */
final class DeleteSet {
    /** A deleted range [clock, clock+len). */
    record DeleteItem(long clock, long len) { }

    final Map<Long, List<DeleteItem>> clients = new LinkedHashMap<>();

    boolean isEmpty() {
        return clients.isEmpty();
    }

    void add(long client, long clock, long len) {
        clients.computeIfAbsent(client, c -> new ArrayList<>()).add(new DeleteItem(clock, len));
    }

    /** Index of the range containing {@code clock}, or -1. */
    static int findIndexDS(List<DeleteItem> dis, long clock) {
        int left = 0;
        int right = dis.size() - 1;
        while (left <= right) {
            int midindex = (left + right) >>> 1;
            DeleteItem mid = dis.get(midindex);
            if (mid.clock <= clock) {
                if (clock < mid.clock + mid.len) {
                    return midindex;
                }
                left = midindex + 1;
            } else {
                right = midindex - 1;
            }
        }
        return -1;
    }

    boolean isDeleted(ID id) {
        List<DeleteItem> dis = clients.get(id.client());
        return dis != null && findIndexDS(dis, id.clock()) >= 0;
    }

    /** Sorts every client's ranges and merges overlapping or adjacent ones. */
    void sortAndMerge() {
        for (List<DeleteItem> dels : clients.values()) {
            dels.sort((a, b) -> Long.compare(a.clock, b.clock));
            int j = 1;
            for (int i = 1; i < dels.size(); i++) {
                DeleteItem left = dels.get(j - 1);
                DeleteItem right = dels.get(i);
                if (left.clock + left.len >= right.clock) {
                    dels.set(j - 1, new DeleteItem(left.clock, Math.max(left.len, right.clock + right.len - left.clock)));
                } else {
                    if (j < i) {
                        dels.set(j, right);
                    }
                    j++;
                }
            }
            if (dels.size() > j) {
                dels.subList(j, dels.size()).clear();
            }
        }
    }

    static DeleteSet merge(List<DeleteSet> sets) {
        DeleteSet merged = new DeleteSet();
        for (DeleteSet ds : sets) {
            ds.clients.forEach((client, dels) ->
                    merged.clients.computeIfAbsent(client, c -> new ArrayList<>()).addAll(dels));
        }
        merged.sortAndMerge();
        return merged;
    }

    /** The deleted ranges of everything in the store. Yjs {@code createDeleteSetFromStructStore}. */
    static DeleteSet fromStructStore(StructStore store) {
        DeleteSet ds = new DeleteSet();
        store.clients.forEach((client, structs) -> {
            List<DeleteItem> items = new ArrayList<>();
            for (int i = 0; i < structs.size(); i++) {
                AbstractStruct struct = structs.get(i);
                if (struct.isDeleted()) {
                    long clock = struct.id.clock();
                    long len = struct.length;
                    while (i + 1 < structs.size() && structs.get(i + 1).isDeleted()) {
                        len += structs.get(++i).length;
                    }
                    items.add(new DeleteItem(clock, len));
                }
            }
            if (!items.isEmpty()) {
                ds.clients.put(client, items);
            }
        });
        return ds;
    }

    /** Clients with the highest id first, so the output is deterministic (Yjs {@code writeDeleteSet}). */
    void write(UpdateEncoderV1 encoder) {
        encoder.writeVarUint(clients.size());
        clients.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getKey(), a.getKey()))
                .forEach(entry -> {
                    encoder.writeVarUint(entry.getKey());
                    List<DeleteItem> items = entry.getValue();
                    encoder.writeVarUint(items.size());
                    for (DeleteItem item : items) {
                        encoder.writeDsClock(item.clock);
                        encoder.writeDsLen(item.len);
                    }
                });
    }

    /** The length of {@link #write}'s output, counted without writing (v1 encodes every number as a varUint). */
    long encodedLength() {
        long bytes = varUintLength(clients.size());
        for (Map.Entry<Long, List<DeleteItem>> entry : clients.entrySet()) {
            List<DeleteItem> items = entry.getValue();
            bytes += varUintLength(entry.getKey()) + varUintLength(items.size());
            for (DeleteItem item : items) {
                bytes += varUintLength(item.clock) + varUintLength(item.len);
            }
        }
        return bytes;
    }

    /** Bytes of a lib0 varUint: 7 bits each. */
    static int varUintLength(long value) {
        int bytes = 1;
        while (value > 0x7F) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }

    static DeleteSet read(UpdateDecoderV1 decoder) {
        DeleteSet ds = new DeleteSet();
        long numClients = decoder.readVarUint();
        for (long i = 0; i < numClients; i++) {
            long client = decoder.readVarUint();
            long numberOfDeletes = decoder.readVarUint();
            if (numberOfDeletes > 0) {
                List<DeleteItem> dels = ds.clients.computeIfAbsent(client, c -> new ArrayList<>());
                // a client listed twice continues its ranges: they must stay sorted across both listings
                long previousEnd = dels.isEmpty() ? 0 : dels.getLast().clock + dels.getLast().len;
                for (long d = 0; d < numberOfDeletes; d++) {
                    int at = decoder.position();
                    long clock = decoder.readDsClock();
                    long len = decoder.readDsLen();
                    // Yjs only ever writes sorted, disjoint, non-empty ranges (sortAndMergeDeleteSet);
                    // anything else is malformed, and Yjs itself mangles it when it keeps it pending.
                    if (len == 0 || clock < previousEnd || clock + len > ID.MAX_CLOCK) {
                        throw new DecodeException("delete range", at, "[" + clock + ", +" + len + ") of client " + client
                                + " is empty, overlaps or precedes the previous range, or ends beyond 2^53-1");
                    }
                    previousEnd = clock + len;
                    dels.add(new DeleteItem(clock, len));
                }
            }
        }
        return ds;
    }

    /**
     * Deletes what this set names and the store holds; returns the part for clocks not received yet
     * (empty if none). Yjs {@code readAndApplyDeleteSet}, applied from an already decoded set.
     */
    DeleteSet applyTo(Transaction transaction, StructStore store) {
        DeleteSet unapplied = new DeleteSet();
        clients.forEach((client, dels) -> {
            ArrayList<AbstractStruct> structs = store.clients.get(client);
            long state = store.getState(client);
            for (DeleteItem del : dels) {
                long clock = del.clock;
                long clockEnd = clock + del.len;
                if (clock < state) {
                    if (state < clockEnd) {
                        unapplied.add(client, state, clockEnd - state);
                    }
                    int index = StructStore.findIndexSS(structs, clock);
                    AbstractStruct struct = structs.get(index);
                    // split the first item if necessary
                    if (!struct.isDeleted() && struct.id.clock() < clock) {
                        structs.add(index + 1, Item.split(transaction, (Item) struct, (int) (clock - struct.id.clock())));
                        index++;
                    }
                    while (index < structs.size()) {
                        struct = structs.get(index++);
                        if (struct.id.clock() < clockEnd) {
                            if (!struct.isDeleted()) {
                                Item item = (Item) struct;
                                if (clockEnd < item.endClock()) {
                                    structs.add(index, Item.split(transaction, item, (int) (clockEnd - item.id.clock())));
                                }
                                item.delete(transaction);
                            }
                        } else {
                            break;
                        }
                    }
                } else {
                    unapplied.add(client, clock, clockEnd - clock);
                }
            }
        });
        return unapplied;
    }

    /** Calls {@code f} on every struct this set covers, splitting items at the range ends. */
    void iterateDeletedStructs(Transaction transaction, Consumer<AbstractStruct> f) {
        clients.forEach((client, deletes) -> {
            ArrayList<AbstractStruct> structs = transaction.doc.store.clients.get(client);
            if (structs != null) {
                long clockState = structs.get(structs.size() - 1).endClock();
                for (DeleteItem del : deletes) {
                    if (del.clock >= clockState) {
                        break;
                    }
                    StructStore.iterateStructs(transaction, structs, del.clock, del.len, f);
                }
            }
        });
    }

    /** Writes this set as an update with no structs (how Yjs keeps pending deletions). */
    byte[] toUpdate() {
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        encoder.writeVarUint(0);
        write(encoder);
        return encoder.toByteArray();
    }
}
