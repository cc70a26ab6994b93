package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Encoder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Operations on encoded v1 updates that need no {@link Doc}: merging, diffing against a state vector,
 * and the state vector of an update. Yjs: {@code utils/updates.js} ({@code mergeUpdates},
 * {@code diffUpdate}, {@code encodeStateVectorFromUpdate}, i.e. the V2 functions with the v1 coders).
 * The output is byte for byte what Yjs (in Node) writes.
 *
 * <p>Malformed input raises {@link UpdateDecodeException}. That includes a few shapes Yjs never writes
 * but would pass through: empty structs, struct lengths beyond 2^31-1, clocks beyond 2^53-1, and
 * delete sets that {@link DeleteSet#read} refuses. Structs read here keep their parent unresolved;
 * nothing here touches a document.
 */
final class Updates {
    private Updates() { }

    /**
     * Merges updates into one update holding all of their structs and deletions. Overlapping structs
     * are written once, gaps in a client's clocks become Skip structs, adjacent GC structs are joined,
     * and the delete sets are merged. A list of one update returns that update itself (as Yjs).
     *
     * @param updates v1 updates
     * @return the merged v1 update
     * @throws UpdateDecodeException if an update is malformed
     */
    static byte[] mergeUpdates(List<byte[]> updates) {
        if (updates.size() == 1) {
            return updates.get(0);
        }
        List<LazyStructReader> readers = new ArrayList<>(updates.size());
        for (int i = 0; i < updates.size(); i++) {
            UpdateDecoderV1 decoder = new UpdateDecoderV1(Objects.requireNonNull(updates.get(i), "update"));
            readers.add(new LazyStructReader(decoder, true, "update " + (i + 1) + " of " + updates.size()));
        }
        ReaderOrder lazyStructDecoders = new ReaderOrder(readers);
        // the struct written last, held back because the next one may extend it
        AbstractStruct currWrite = null;
        LazyStructWriter writer = new LazyStructWriter();

        // Every step reads on from the first reader, or joins a GC to currWrite (which then covers
        // another reader's current struct, passed over when that reader comes first): the loop ends.
        while (true) {
            // drop exhausted readers; higher clients first, then by clock
            LazyStructReader currDecoder = lazyStructDecoders.sortAndGetFirst();
            if (currDecoder == null) {
                break;
            }
            long firstClient = currDecoder.curr.id.client();

            if (currWrite != null) {
                AbstractStruct curr = currDecoder.curr;
                boolean iterated = false;
                // pass over what is written already (as Yjs: also structs of a higher client than currWrite's)
                while (curr != null && curr.endClock() <= currWrite.endClock()
                        && curr.id.client() >= currWrite.id.client()) {
                    curr = currDecoder.next();
                    iterated = true;
                }
                if (curr == null // this reader is done
                        || curr.id.client() != firstClient // another reader may hold firstClient's next struct
                        || (iterated && curr.id.clock() > currWrite.endClock())) { // something may be missed
                    continue;
                }
                if (firstClient != currWrite.id.client()) {
                    writer.write(currWrite, 0);
                    currWrite = curr;
                    currDecoder.next();
                } else if (currWrite.endClock() < curr.id.clock()) {
                    // A gap: Yjs writes currWrite and makes the gap a Skip that its loop below writes at
                    // once, since curr starts right after it; then curr is the struct held back.
                    // (currWrite is never a Skip: the readers filter them, so Yjs's Skip branches here
                    // are never taken.)
                    writer.write(currWrite, 0);
                    writer.writeSkip(firstClient, currWrite.endClock(), curr.id.clock() - currWrite.endClock());
                    currWrite = curr;
                    currDecoder.next();
                } else {
                    long diff = currWrite.endClock() - curr.id.clock();
                    if (diff > 0) {
                        // overlap: keep only the part of curr after currWrite (0 < diff < curr.length)
                        curr = sliceStruct(curr, (int) diff);
                    }
                    if (!mergeLazy(currWrite, curr)) {
                        writer.write(currWrite, 0);
                        currWrite = curr;
                        currDecoder.next();
                    }
                }
            } else {
                currWrite = currDecoder.curr;
                currDecoder.next();
            }
            // write on from currDecoder while its structs continue currWrite
            for (AbstractStruct next = currDecoder.curr;
                    next != null && next.id.client() == firstClient && next.id.clock() == currWrite.endClock()
                            && !(next instanceof Skip);
                    next = currDecoder.next()) {
                writer.write(currWrite, 0);
                currWrite = next;
            }
        }
        if (currWrite != null) {
            writer.write(currWrite, 0);
        }
        UpdateEncoderV1 updateEncoder = new UpdateEncoderV1();
        writer.finish(updateEncoder);

        List<DeleteSet> dss = new ArrayList<>(readers.size());
        for (LazyStructReader reader : readers) {
            dss.add(reader.readDeleteSet());
        }
        DeleteSet.merge(dss).write(updateEncoder);
        return updateEncoder.toByteArray();
    }

    /**
     * The part of {@code update} that a replica with the given state vector lacks: structs it covers
     * are dropped, a partly covered struct is cut at the state vector's clock, and the delete set is
     * kept whole. Yjs {@code diffUpdate}.
     *
     * @param update a v1 update
     * @param encodedStateVector an encoded state vector ({@code [0]} for the empty one)
     * @return a v1 update
     * @throws UpdateDecodeException if the update or the state vector is malformed
     */
    static byte[] diffUpdate(byte[] update, byte[] encodedStateVector) {
        Map<Long, Long> state = UpdateCodec.decodeStateVector(encodedStateVector);
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        LazyStructWriter writer = new LazyStructWriter();
        LazyStructReader reader = new LazyStructReader(new UpdateDecoderV1(update), false, "update");
        while (reader.curr != null) {
            AbstractStruct curr = reader.curr;
            long currClient = curr.id.client();
            long svClock = state.getOrDefault(currClient, 0L);
            if (curr instanceof Skip) {
                // the first struct written for a client must not be a Skip
                reader.next();
                continue;
            }
            if (curr.endClock() > svClock) {
                writer.write(curr, (int) Math.max(svClock - curr.id.clock(), 0));
                reader.next();
                // the rest of this client's run goes as it is, Skips included
                while (reader.curr != null && reader.curr.id.client() == currClient) {
                    writer.write(reader.curr, 0);
                    reader.next();
                }
            } else {
                // covered: read on until something new comes up
                while (reader.curr != null && reader.curr.id.client() == currClient
                        && reader.curr.endClock() <= svClock) {
                    reader.next();
                }
            }
        }
        writer.finish(encoder);
        reader.readDeleteSet().write(encoder);
        return encoder.toByteArray();
    }

    /**
     * The state vector a doc would have after applying only {@code update}: per client the end of its
     * structs counted from clock 0, up to the first Skip; clients not starting at clock 0 are left out.
     * The delete set is not read. Yjs {@code encodeStateVectorFromUpdate}.
     *
     * @param update a v1 update
     * @return the encoded state vector, clients in the order the update has them
     * @throws UpdateDecodeException if the update is malformed
     */
    static byte[] encodeStateVectorFromUpdate(byte[] update) {
        LazyStructReader reader = new LazyStructReader(new UpdateDecoderV1(update), false, "update");
        Encoder entries = new Encoder();
        int size = 0;
        AbstractStruct curr = reader.curr;
        if (curr != null) {
            long currClient = curr.id.client();
            boolean stopCounting = curr.id.clock() != 0; // must start at 0
            long currClock = stopCounting ? 0 : curr.endClock();
            for (; curr != null; curr = reader.next()) {
                if (currClient != curr.id.client()) {
                    if (currClock != 0) {
                        size++;
                        entries.writeVarUint(currClient);
                        entries.writeVarUint(currClock);
                    }
                    currClient = curr.id.client();
                    currClock = 0;
                    stopCounting = curr.id.clock() != 0;
                }
                if (curr instanceof Skip) {
                    stopCounting = true;
                }
                if (!stopCounting) {
                    currClock = curr.endClock();
                }
            }
            if (currClock != 0) {
                size++;
                entries.writeVarUint(currClient);
                entries.writeVarUint(currClock);
            }
        }
        Encoder encoder = new Encoder(entries.length() + 8);
        encoder.writeVarUint(size);
        encoder.writeUint8Array(entries.toByteArray());
        return encoder.toByteArray();
    }

    /**
     * The part of {@code left} from {@code diff} clocks on, for writing only (no side effects on a doc).
     * Like Yjs {@code sliceStruct}, an item's content is spliced: {@code left} keeps only the first part.
     */
    static AbstractStruct sliceStruct(AbstractStruct left, int diff) {
        long client = left.id.client();
        long clock = left.id.clock();
        if (left instanceof GC) {
            return new GC(new ID(client, clock + diff), left.length - diff);
        } else if (left instanceof Skip) {
            return new Skip(new ID(client, clock + diff), left.length - diff);
        }
        Item leftItem = (Item) left;
        return new Item(new ID(client, clock + diff), null, new ID(client, clock + diff - 1), null,
                leftItem.rightOrigin, leftItem.parent, leftItem.parentSub, leftItem.content.splice(diff));
    }

    /**
     * Yjs calls {@code currWrite.mergeWith(curr)}: GC and Skip structs join their own kind; an item
     * joins only the item that is its {@code right}, and items read from an update have none, so items
     * never merge here. A GC longer than an int can hold stays two structs.
     */
    private static boolean mergeLazy(AbstractStruct left, AbstractStruct right) {
        if (left.getClass() != right.getClass() || left instanceof Item
                || (long) left.length + right.length > Integer.MAX_VALUE) {
            return false;
        }
        left.length += right.length;
        return true;
    }

    /**
     * The distinct client ids of an update's structs and deletions, and its structs, read as {@link Y#applyUpdate}
     * reads them (so an update it accepts is read here too), in one decoding.
     */
    static UpdateShape shapeOfUpdate(byte[] update) {
        UpdateCodec.DecodedUpdate decoded = UpdateCodec.decode(Objects.requireNonNull(update, "update"));
        Set<Long> clients = new LinkedHashSet<>(decoded.structs().keySet());
        clients.addAll(decoded.deleteSet().clients.keySet());
        long structs = 0;
        for (UpdateCodec.ClientRefs refs : decoded.structs().values()) {
            structs += refs.refs.size();
        }
        return new UpdateShape(clients, structs);
    }
}
