package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.Encoder;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operations on encoded awareness updates that need no {@link Awareness}.
 */
public final class AwarenessUpdates {

    private AwarenessUpdates() {
    }

    /**
     * Coalesces awareness updates received one after the other into one that leaves every receiver in
     * the same state as applying them in order: per client the entry with the highest clock, and at
     * equal clocks a removal ({@code null}) over a state, else the later one (awareness.js
     * applyAwarenessUpdate: a newer clock wins; an equal clock only removes). Clients in the order they
     * first appear; each state's JSON text as received.
     *
     * @param updates the awareness updates, in the order received
     * @return one awareness update
     * @throws AwarenessDecodeException if one of them is malformed
     */
    public static byte[] coalesce(List<byte[]> updates) {
        Map<Long, AwarenessEntry> latest = new LinkedHashMap<>();
        for (byte[] update : updates) {
            for (AwarenessEntry entry : AwarenessUpdateReader.read(update)) {
                latest.merge(entry.client(), entry, AwarenessUpdates::later);
            }
        }
        return encode(latest.values());
    }

    /**
     * Encodes entries as an awareness update, each state's JSON text as received.
     *
     * @param entries the entries, in order
     * @return the update
     */
    static byte[] encode(Collection<AwarenessEntry> entries) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(entries.size());
        for (AwarenessEntry entry : entries) {
            encoder.writeVarUint(entry.client());
            encoder.writeVarUint(entry.clock());
            encoder.writeVarString(entry.state() == null ? Awareness.NULL_JSON : entry.state().json());
        }
        return encoder.toByteArray();
    }

    private static AwarenessEntry later(AwarenessEntry before, AwarenessEntry after) {
        if (after.clock() != before.clock()) {
            return after.clock() > before.clock() ? after : before;
        }
        return before.state() == null ? before : after;
    }
}
