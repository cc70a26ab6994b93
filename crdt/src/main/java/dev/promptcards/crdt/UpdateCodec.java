package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.DecodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing Yjs v1 updates against a {@link Doc}: structs per client, state vectors,
 * integration with pending structs. Yjs: {@code utils/encoding.js}.
 */
final class UpdateCodec {
    private UpdateCodec() { }

    /** The structs of one client read from an update, and how many were integrated so far. */
    static final class ClientRefs {
        int i;
        List<AbstractStruct> refs;

        ClientRefs(List<AbstractStruct> refs) {
            this.refs = refs;
        }
    }

    /** A decoded update, nothing applied yet. */
    record DecodedUpdate(Map<Long, ClientRefs> structs, DeleteSet deleteSet) { }

    // ---- writing ----

    private static void writeStructs(UpdateEncoderV1 encoder, ArrayList<AbstractStruct> structs, long client, long clock) {
        clock = Math.max(clock, structs.get(0).id.clock()); // the first id must exist
        int startNewStructs = StructStore.findIndexSS(structs, clock);
        encoder.writeVarUint(structs.size() - startNewStructs);
        encoder.writeClient(client);
        encoder.writeVarUint(clock);
        AbstractStruct firstStruct = structs.get(startNewStructs);
        firstStruct.write(encoder, (int) (clock - firstStruct.id.clock()));
        for (int i = startNewStructs + 1; i < structs.size(); i++) {
            structs.get(i).write(encoder, 0);
        }
    }

    /**
     * Writes every struct the target state vector {@code sv} lacks; higher client ids first (as Yjs).
     * Runs for every transaction's update (the server's hot path), so the clients to write are collected
     * in two primitive arrays, not in maps of boxed longs and a sorted stream.
     */
    static void writeClientsStructs(UpdateEncoderV1 encoder, StructStore store, Map<Long, Long> sv) {
        int n = 0;
        long[] clients = new long[store.clients.size()];
        long[] clocks = new long[clients.length];
        for (Map.Entry<Long, ArrayList<AbstractStruct>> entry : store.clients.entrySet()) {
            ArrayList<AbstractStruct> structs = entry.getValue();
            Long target = sv.get(entry.getKey());
            long from = target == null ? 0 : target;
            if (structs.get(structs.size() - 1).endClock() > from) {
                clients[n] = entry.getKey();
                clocks[n] = from;
                n++;
            }
        }
        sortByClientDescending(clients, clocks, n);
        encoder.writeVarUint(n);
        for (int i = 0; i < n; i++) {
            writeStructs(encoder, store.clients.get(clients[i]), clients[i], clocks[i]);
        }
    }

    /** Sorts the first {@code n} (client, clock) pairs by client, highest first; client ids are unique. */
    private static void sortByClientDescending(long[] clients, long[] clocks, int n) {
        if (n < 2) {
            return;
        }
        if (n <= 16) { // insertion sort: a transaction's update names one client or a few
            for (int i = 1; i < n; i++) {
                long client = clients[i];
                long clock = clocks[i];
                int j = i - 1;
                for (; j >= 0 && clients[j] < client; j--) {
                    clients[j + 1] = clients[j];
                    clocks[j + 1] = clocks[j];
                }
                clients[j + 1] = client;
                clocks[j + 1] = clock;
            }
            return;
        }
        Map<Long, Long> clockOf = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            clockOf.put(clients[i], clocks[i]);
        }
        long[] ascending = Arrays.copyOf(clients, n);
        Arrays.sort(ascending);
        for (int i = 0; i < n; i++) {
            clients[i] = ascending[n - 1 - i];
            clocks[i] = clockOf.get(clients[i]);
        }
    }

    static void writeStateAsUpdate(UpdateEncoderV1 encoder, Doc doc, Map<Long, Long> targetStateVector) {
        writeClientsStructs(encoder, doc.store, targetStateVector);
        DeleteSet.fromStructStore(doc.store).write(encoder);
    }

    /** Yjs {@code encodeStateAsUpdate}: what {@code doc} has beyond the target, pending updates included. */
    static byte[] encodeStateAsUpdate(Doc doc, byte[] encodedTargetStateVector) {
        Map<Long, Long> targetStateVector = decodeStateVector(encodedTargetStateVector);
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        writeStateAsUpdate(encoder, doc, targetStateVector);
        List<byte[]> updates = new ArrayList<>();
        updates.add(encoder.toByteArray());
        if (doc.store.pendingDs != null) {
            updates.add(doc.store.pendingDs.toUpdate());
        }
        if (doc.store.pendingStructs != null) {
            updates.add(Updates.diffUpdate(doc.store.pendingStructs.update(), encodedTargetStateVector));
        }
        return updates.size() > 1 ? Updates.mergeUpdates(updates) : updates.get(0);
    }

    static void writeStateVector(UpdateEncoderV1 encoder, Map<Long, Long> sv) {
        encoder.writeVarUint(sv.size());
        sv.entrySet().stream()
                .sorted(Map.Entry.<Long, Long>comparingByKey(Comparator.reverseOrder()))
                .forEach(e -> {
                    encoder.writeVarUint(e.getKey());
                    encoder.writeVarUint(e.getValue());
                });
    }

    static byte[] encodeStateVector(Map<Long, Long> sv) {
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        writeStateVector(encoder, sv);
        return encoder.toByteArray();
    }

    static Map<Long, Long> readStateVector(UpdateDecoderV1 decoder) {
        Map<Long, Long> sv = new LinkedHashMap<>();
        long size = decoder.readVarUint();
        for (long i = 0; i < size; i++) {
            long client = decoder.readVarUint();
            long clock = decoder.readVarUint();
            sv.put(client, clock);
        }
        return sv;
    }

    static Map<Long, Long> decodeStateVector(byte[] encoded) {
        try {
            return readStateVector(new UpdateDecoderV1(encoded));
        } catch (DecodeException e) {
            throw new UpdateDecodeException("malformed state vector: " + e.getMessage(), e);
        }
    }

    // ---- reading ----

    /**
     * Reads the structs of an update. Root parents stay {@link String}s (resolved by the caller) so
     * that reading has no effect on any doc. Yjs {@code readClientsStructRefs}.
     */
    static Map<Long, ClientRefs> readClientsStructRefs(UpdateDecoderV1 decoder) {
        Map<Long, ClientRefs> clientRefs = new LinkedHashMap<>();
        long numOfStateUpdates = decoder.readVarUint();
        for (long u = 0; u < numOfStateUpdates; u++) {
            long numberOfStructs = decoder.readVarUint();
            List<AbstractStruct> refs = new ArrayList<>((int) Math.min(numberOfStructs, 1024));
            long client = decoder.readClient();
            long clock = decoder.readVarUint();
            clientRefs.put(client, new ClientRefs(refs));
            for (long s = 0; s < numberOfStructs; s++) {
                int at = decoder.position();
                int info = decoder.readInfo();
                AbstractStruct struct;
                switch (info & 0x1F) {
                    case GC.REF -> struct = new GC(new ID(client, clock), decoder.readLen());
                    case Skip.REF -> {
                        long len = decoder.readVarUint();
                        if (len > Integer.MAX_VALUE) {
                            throw new DecodeException("skip length", at, len + " is out of range");
                        }
                        struct = new Skip(new ID(client, clock), (int) len);
                    }
                    default -> struct = readItem(decoder, info, new ID(client, clock), at);
                }
                if (struct.length <= 0 && !(struct instanceof Item)) {
                    throw new DecodeException("struct", at, "a struct must not be empty");
                }
                if (clock + struct.length > ID.MAX_CLOCK) {
                    throw new DecodeException("struct", at, "clock " + clock + " + length " + struct.length + " is beyond 2^53-1");
                }
                refs.add(struct);
                clock += struct.length;
            }
        }
        return clientRefs;
    }

    /** Reads one item (its info byte already read) with unresolved parent: a root name, a parent id, or null. */
    static Item readItem(UpdateDecoderV1 decoder, int info, ID id, int at) {
        // info bits (Yjs Item#write): 0x80 origin, 0x40 rightOrigin, 0x20 parentSub, low 5 bits content ref
        boolean cantCopyParentInfo = (info & (0x80 | 0x40)) == 0;
        ID origin = (info & 0x80) != 0 ? decoder.readLeftID() : null;
        ID rightOrigin = (info & 0x40) != 0 ? decoder.readRightID() : null;
        Object parent = null;
        if (cantCopyParentInfo) {
            parent = decoder.readParentInfo() ? decoder.readString() : decoder.readLeftID();
        }
        String parentSub = cantCopyParentInfo && (info & 0x20) != 0 ? decoder.readString() : null;
        Content content = readItemContent(decoder, info, at);
        if (content.getLength() <= 0) {
            throw new DecodeException("item content", at, "an item must not be empty");
        }
        return new Item(id, null, origin, null, rightOrigin, parent, parentSub, content);
    }

    /** Yjs {@code contentRefs}: the content reader per ref. */
    static Content readItemContent(UpdateDecoderV1 decoder, int info, int at) {
        return switch (info & 0x1F) {
            case ContentDeleted.REF -> ContentDeleted.read(decoder);
            case ContentJSON.REF -> ContentJSON.read(decoder);
            case ContentBinary.REF -> ContentBinary.read(decoder);
            case ContentString.REF -> ContentString.read(decoder);
            case ContentEmbed.REF -> ContentEmbed.read(decoder);
            case ContentFormat.REF -> ContentFormat.read(decoder);
            case ContentType.REF -> ContentType.read(decoder);
            case ContentAny.REF -> ContentAny.read(decoder);
            case ContentDoc.REF -> ContentDoc.read(decoder);
            default -> throw new DecodeException("item content", at, "unknown content ref " + (info & 0x1F));
        };
    }

    /** Decodes a whole update (structs and delete set) without touching any doc. */
    static DecodedUpdate decode(byte[] update) {
        try {
            UpdateDecoderV1 decoder = new UpdateDecoderV1(update);
            Map<Long, ClientRefs> structs = readClientsStructRefs(decoder);
            DeleteSet ds = DeleteSet.read(decoder);
            return new DecodedUpdate(structs, ds);
        } catch (DecodeException e) {
            throw new UpdateDecodeException("malformed update: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses references no well-formed update holds (a struct's origin or parent at or after its own
     * clock, a parent that is not a type) before anything is applied.
     */
    private static void validate(DecodedUpdate update, StructStore store) {
        Map<ID, Item> typeItemsInUpdate = null;
        for (ClientRefs clientRefs : update.structs.values()) {
            for (AbstractStruct struct : clientRefs.refs) {
                if (!(struct instanceof Item item)) {
                    continue;
                }
                ID id = item.id;
                if (item.origin != null && item.origin.client() == id.client() && item.origin.clock() >= id.clock()) {
                    throw new UpdateDecodeException("malformed update: item " + id + " has its origin " + item.origin + " after itself");
                }
                if (item.rightOrigin != null && item.rightOrigin.client() == id.client() && item.rightOrigin.clock() >= id.clock()) {
                    throw new UpdateDecodeException("malformed update: item " + id + " has its right origin " + item.rightOrigin + " after itself");
                }
                if (item.parent instanceof ID p) {
                    if (p.client() == id.client() && p.clock() >= id.clock()) {
                        throw new UpdateDecodeException("malformed update: item " + id + " has its parent " + p + " after itself");
                    }
                    if (p.clock() < store.getState(p.client())) {
                        AbstractStruct parentStruct = store.find(p);
                        // a deleted, collected type (ContentDeleted) is fine: Yjs turns the child into a GC struct
                        if (parentStruct instanceof Item pi && !(pi.content instanceof ContentType)
                                && !(pi.content instanceof ContentDeleted)) {
                            throw new UpdateDecodeException("malformed update: the parent " + p + " of item " + id + " is not a type");
                        }
                    }
                }
            }
        }
    }

    /** Yjs {@code readUpdate}/{@code applyUpdate}: integrates what it can, keeps the rest pending. */
    static void applyUpdate(Doc doc, byte[] update, Object origin) {
        DecodedUpdate decoded = decode(update);
        validate(decoded, doc.store);
        doc.transact(transaction -> integrate(transaction, decoded), origin, false);
    }

    private static void integrate(Transaction transaction, DecodedUpdate update) {
        // force the transaction to be non-local (Yjs readUpdateV2)
        transaction.local = false;
        Doc doc = transaction.doc;
        StructStore store = doc.store;
        for (ClientRefs clientRefs : update.structs.values()) {
            for (AbstractStruct struct : clientRefs.refs) {
                if (struct instanceof Item item && item.parent instanceof String rootName) {
                    item.parent = doc.getOrCreateRoot(rootName);
                }
            }
        }
        boolean retry = false;
        StructStore.PendingStructs restStructs = integrateStructs(transaction, store, update.structs);
        StructStore.PendingStructs pending = store.pendingStructs;
        if (pending != null) {
            // can something pending be applied now?
            for (Map.Entry<Long, Long> missing : pending.missing().entrySet()) {
                if (missing.getValue() < store.getState(missing.getKey())) {
                    retry = true;
                    break;
                }
            }
            if (restStructs != null) {
                Map<Long, Long> missing = pending.missing();
                restStructs.missing().forEach((client, clock) -> {
                    Long mclock = missing.get(client);
                    if (mclock == null || mclock > clock) {
                        missing.put(client, clock);
                    }
                });
                store.pendingStructs = new StructStore.PendingStructs(missing,
                        Updates.mergeUpdates(List.of(pending.update(), restStructs.update())));
            }
        } else {
            store.pendingStructs = restStructs;
        }
        DeleteSet dsRest = update.deleteSet.applyTo(transaction, store);
        if (store.pendingDs != null) {
            DeleteSet dsRest2 = store.pendingDs.applyTo(transaction, store);
            if (!dsRest.isEmpty() && !dsRest2.isEmpty()) {
                store.pendingDs = DeleteSet.merge(List.of(dsRest, dsRest2));
            } else {
                store.pendingDs = !dsRest.isEmpty() ? dsRest : (dsRest2.isEmpty() ? null : dsRest2);
            }
        } else {
            store.pendingDs = dsRest.isEmpty() ? null : dsRest;
        }
        if (retry) {
            byte[] pendingUpdate = store.pendingStructs.update();
            store.pendingStructs = null;
            DecodedUpdate again = decode(pendingUpdate);
            integrate(transaction, again);
        }
    }

    /**
     * Integrates structs in causal order; structs whose dependencies are missing are returned as a
     * pending update with the lowest missing clock per client. Yjs {@code integrateStructs}.
     */
    private static StructStore.PendingStructs integrateStructs(Transaction transaction, StructStore store,
            Map<Long, ClientRefs> clientsStructRefs) {
        ArrayList<AbstractStruct> stack = new ArrayList<>();
        // the highest client id first, as Yjs
        List<Long> clientsStructRefsIds = new ArrayList<>(clientsStructRefs.keySet());
        clientsStructRefsIds.sort(Long::compare);
        if (clientsStructRefsIds.isEmpty()) {
            return null;
        }
        ClientRefs curStructsTarget = nextStructTarget(clientsStructRefs, clientsStructRefsIds);
        if (curStructsTarget == null) {
            return null;
        }
        StructStore restStructs = new StructStore();
        Map<Long, Long> missingSV = new LinkedHashMap<>();
        AbstractStruct stackHead = curStructsTarget.refs.get(curStructsTarget.i++);
        Map<Long, Long> state = new HashMap<>();

        while (true) {
            if (!(stackHead instanceof Skip)) {
                long client = stackHead.id.client();
                Long localClockBoxed = state.get(client);
                long localClock = localClockBoxed != null ? localClockBoxed : store.getState(client);
                if (localClockBoxed == null) {
                    state.put(client, localClock);
                }
                long offset = localClock - stackHead.id.clock();
                if (offset < 0) {
                    // an update from the same client is missing
                    stack.add(stackHead);
                    updateMissingSv(missingSV, client, stackHead.id.clock() - 1);
                    addStackToRestSS(stack, clientsStructRefs, clientsStructRefsIds, restStructs);
                } else {
                    long missing = stackHead.getMissing(transaction, store);
                    if (missing != -1) {
                        stack.add(stackHead);
                        ClientRefs structRefs = clientsStructRefs.get(missing);
                        if (structRefs == null || structRefs.refs.size() == structRefs.i) {
                            // depends on an update that has not arrived
                            updateMissingSv(missingSV, missing, store.getState(missing));
                            addStackToRestSS(stack, clientsStructRefs, clientsStructRefsIds, restStructs);
                        } else {
                            stackHead = structRefs.refs.get(structRefs.i++);
                            continue;
                        }
                    } else if (offset == 0 || offset < stackHead.length) {
                        stackHead.integrate(transaction, (int) offset);
                        state.put(client, stackHead.id.clock() + stackHead.length);
                    }
                }
            }
            // the next stack head
            if (!stack.isEmpty()) {
                stackHead = stack.remove(stack.size() - 1);
            } else if (curStructsTarget != null && curStructsTarget.i < curStructsTarget.refs.size()) {
                stackHead = curStructsTarget.refs.get(curStructsTarget.i++);
            } else {
                curStructsTarget = nextStructTarget(clientsStructRefs, clientsStructRefsIds);
                if (curStructsTarget == null) {
                    break;
                }
                stackHead = curStructsTarget.refs.get(curStructsTarget.i++);
            }
        }
        if (!restStructs.clients.isEmpty()) {
            UpdateEncoderV1 encoder = new UpdateEncoderV1();
            writeClientsStructs(encoder, restStructs, Map.of());
            encoder.writeVarUint(0); // no deletions
            return new StructStore.PendingStructs(missingSV, encoder.toByteArray());
        }
        return null;
    }

    private static ClientRefs nextStructTarget(Map<Long, ClientRefs> clientsStructRefs, List<Long> ids) {
        while (!ids.isEmpty()) {
            ClientRefs target = clientsStructRefs.get(ids.get(ids.size() - 1));
            if (target != null && target.refs.size() != target.i) {
                return target;
            }
            ids.remove(ids.size() - 1);
        }
        return null;
    }

    private static void updateMissingSv(Map<Long, Long> missingSV, long client, long clock) {
        Long mclock = missingSV.get(client);
        if (mclock == null || mclock > clock) {
            missingSV.put(client, clock);
        }
    }

    /** Moves the stack (and the rest of each of its clients' structs) into the pending store. */
    private static void addStackToRestSS(List<AbstractStruct> stack, Map<Long, ClientRefs> clientsStructRefs,
            List<Long> clientsStructRefsIds, StructStore restStructs) {
        for (AbstractStruct item : stack) {
            long client = item.id.client();
            ClientRefs inapplicableItems = clientsStructRefs.get(client);
            if (inapplicableItems != null) {
                // we could not apply the previous operation
                inapplicableItems.i--;
                restStructs.clients.put(client,
                        new ArrayList<>(inapplicableItems.refs.subList(inapplicableItems.i, inapplicableItems.refs.size())));
                clientsStructRefs.remove(client);
                inapplicableItems.i = 0;
                inapplicableItems.refs = new ArrayList<>();
            } else {
                // the item was the last of its client and the field was cleared already
                ArrayList<AbstractStruct> single = new ArrayList<>();
                single.add(item);
                restStructs.clients.put(client, single);
            }
            clientsStructRefsIds.removeIf(c -> c == client);
        }
        stack.clear();
    }
}
