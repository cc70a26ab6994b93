package dev.promptcards.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One batch of changes to a {@link Doc}. After the outermost transaction ends, deleted content is
 * garbage collected, adjacent structs are merged and the update listeners receive the changes as
 * one v1 update. Yjs: {@code utils/Transaction.js}.
 */
public final class Transaction {
    final Doc doc;
    final DeleteSet deleteSet = new DeleteSet();
    final Map<Long, Long> beforeState;
    Map<Long, Long> afterState = new LinkedHashMap<>();
    /** Changed types and the keys changed in them (null: the list part). */
    final Map<AbstractType, Set<String>> changed = new LinkedHashMap<>();
    /** Structs that may now merge with their neighbours. */
    final List<AbstractStruct> mergeStructs = new ArrayList<>();
    final Object origin;
    boolean local;
    /** Set when a remote change touched formatted text; Yjs then cleans redundant formatting. */
    boolean needFormattingCleanup;

    Transaction(Doc doc, Object origin, boolean local) {
        this.doc = doc;
        this.beforeState = doc.store.getStateVector();
        this.origin = origin;
        this.local = local;
    }

    /** The doc this transaction changes. */
    public Doc doc() {
        return doc;
    }

    /** What the transaction was started with ({@code null} unless given). */
    public Object origin() {
        return origin;
    }

    /** Whether the changes were made on this replica (false when they came from an update). */
    public boolean local() {
        return local;
    }

    /** The id the next struct of this client gets. */
    ID nextId() {
        return new ID(doc.clientId(), doc.store.getState(doc.clientId()));
    }

    /** Yjs {@code addChangedTypeToTransaction}: records a change unless the type was created in this transaction. */
    void addChangedType(AbstractType type, String parentSub) {
        Item item = type.item;
        if (item == null || (item.id.clock() < beforeState.getOrDefault(item.id.client(), 0L) && !item.isDeleted())) {
            changed.computeIfAbsent(type, t -> new HashSet<>()).add(parentSub);
        }
    }

    /** Writes the changes of this transaction as a v1 update; false if there are none. */
    boolean writeUpdateMessage(UpdateEncoderV1 encoder) {
        boolean statesChanged = false;
        for (Map.Entry<Long, Long> entry : afterState.entrySet()) {
            if (!Objects.equals(beforeState.get(entry.getKey()), entry.getValue())) {
                statesChanged = true;
                break;
            }
        }
        if (deleteSet.isEmpty() && !statesChanged) {
            return false;
        }
        deleteSet.sortAndMerge();
        UpdateCodec.writeClientsStructs(encoder, doc.store, beforeState);
        deleteSet.write(encoder);
        return true;
    }

    /** Merges structs[pos] into its left neighbours while possible; returns how many merged. */
    static int tryToMergeWithLefts(ArrayList<AbstractStruct> structs, int pos) {
        int i = pos;
        for (; i > 0; i--) {
            AbstractStruct left = structs.get(i - 1);
            AbstractStruct right = structs.get(i);
            if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass() && left.mergeWith(right)) {
                if (right instanceof Item r && r.parentSub != null && ((AbstractType) r.parent).map.get(r.parentSub) == r) {
                    ((AbstractType) r.parent).map.put(r.parentSub, (Item) left);
                }
                continue;
            }
            break;
        }
        int merged = pos - i;
        if (merged > 0) {
            structs.subList(pos + 1 - merged, pos + 1).clear();
        }
        return merged;
    }

    /** Replaces the content of deleted items named by {@code ds} with {@link ContentDeleted}. */
    static void tryGcDeleteSet(DeleteSet ds, StructStore store) {
        ds.clients.forEach((client, deleteItems) -> {
            ArrayList<AbstractStruct> structs = store.clients.get(client);
            for (int di = deleteItems.size() - 1; di >= 0; di--) {
                DeleteSet.DeleteItem deleteItem = deleteItems.get(di);
                long end = deleteItem.clock() + deleteItem.len();
                for (int si = StructStore.findIndexSS(structs, deleteItem.clock());
                        si < structs.size() && structs.get(si).id.clock() < end; si++) {
                    AbstractStruct struct = structs.get(si);
                    if (struct instanceof Item item && item.isDeleted() && !item.keep()) {
                        item.gc(store, false);
                    }
                }
            }
        });
    }

    /** Merges deleted and collected structs named by {@code ds} with their neighbours, right to left. */
    static void tryMergeDeleteSet(DeleteSet ds, StructStore store) {
        ds.clients.forEach((client, deleteItems) -> {
            ArrayList<AbstractStruct> structs = store.clients.get(client);
            for (int di = deleteItems.size() - 1; di >= 0; di--) {
                DeleteSet.DeleteItem deleteItem = deleteItems.get(di);
                // start with the struct right of the last deleted one
                int mostRightIndexToCheck = Math.min(structs.size() - 1,
                        1 + StructStore.findIndexSS(structs, deleteItem.clock() + deleteItem.len() - 1));
                for (int si = mostRightIndexToCheck; si > 0 && structs.get(si).id.clock() >= deleteItem.clock(); ) {
                    si -= 1 + tryToMergeWithLefts(structs, si);
                }
            }
        });
    }

    /** Yjs {@code cleanupTransactions}: observers, gc, merging and the update event, in Yjs's order. */
    static void cleanupTransactions(List<Transaction> cleanups, int i) {
        try {
            cleanupFrom(cleanups, i);
        } finally {
            // even when a listener threw, the doc must accept the next transaction
            cleanups.clear();
        }
    }

    private static void cleanupFrom(List<Transaction> cleanups, int i) {
        while (i < cleanups.size()) {
            Transaction transaction = cleanups.get(i);
            Doc doc = transaction.doc;
            StructStore store = doc.store;
            DeleteSet ds = transaction.deleteSet;
            try {
                ds.sortAndMerge();
                transaction.afterState = store.getStateVector();
                for (Map.Entry<AbstractType, Set<String>> entry : new ArrayList<>(transaction.changed.entrySet())) {
                    AbstractType type = entry.getKey();
                    if (type.item == null || !type.item.isDeleted()) {
                        type.callObserver(transaction, entry.getValue());
                    }
                }
                if (transaction.needFormattingCleanup) {
                    YText.cleanupAfterTransaction(transaction);
                }
            } finally {
                // this is where deleted content actually leaves the document
                if (doc.gc()) {
                    tryGcDeleteSet(ds, store);
                }
                tryMergeDeleteSet(ds, store);
                mergeChangedClients(transaction, store);
                mergeSplitStructs(transaction, store);
                if (!transaction.local && !Objects.equals(transaction.afterState.get(doc.clientId()),
                        transaction.beforeState.get(doc.clientId()))) {
                    // Yjs: another client seems to use our client id; take a new one
                    doc.renewClientId();
                }
                doc.emitUpdate(transaction);
            }
            i++;
        }
    }

    /** Tries to merge every struct added to a client in this transaction. */
    private static void mergeChangedClients(Transaction transaction, StructStore store) {
        transaction.afterState.forEach((client, clock) -> {
            long beforeClock = transaction.beforeState.getOrDefault(client, 0L);
            if (beforeClock != clock) {
                ArrayList<AbstractStruct> structs = store.clients.get(client);
                // right to left, so entries can be removed safely
                int firstChangePos = Math.max(StructStore.findIndexSS(structs, beforeClock), 1);
                for (int i = structs.size() - 1; i >= firstChangePos; ) {
                    i -= 1 + tryToMergeWithLefts(structs, i);
                }
            }
        });
    }

    /** Tries to merge structs that were split in this transaction back with their neighbours. */
    private static void mergeSplitStructs(Transaction transaction, StructStore store) {
        List<AbstractStruct> mergeStructs = transaction.mergeStructs;
        for (int i = mergeStructs.size() - 1; i >= 0; i--) {
            ID id = mergeStructs.get(i).id;
            ArrayList<AbstractStruct> structs = store.clients.get(id.client());
            int replacedStructPos = StructStore.findIndexSS(structs, id.clock());
            if (replacedStructPos + 1 < structs.size()) {
                if (tryToMergeWithLefts(structs, replacedStructPos + 1) > 1) {
                    continue; // both neighbours are merged already
                }
            }
            if (replacedStructPos > 0) {
                tryToMergeWithLefts(structs, replacedStructPos);
            }
        }
    }
}
