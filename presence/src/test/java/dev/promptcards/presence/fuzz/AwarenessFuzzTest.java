package dev.promptcards.presence.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.AwarenessDecodeException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes awareness updates ({@link Awareness#applyUpdate}: the reader of y-protocols awareness updates,
 * the JSON parser of the states, the clock rules and the cap on clients), starting from valid updates.
 * Each input is also applied as a sender's update ({@link Awareness#applyUpdate(byte[], Awareness.Gate)})
 * to an awareness with byte bounds, through a gate like a room's (some ids owned, some another's, a few
 * more that may be claimed): the per-state and total byte bounds, the gate and the clock steps.
 *
 * <p>Properties, for any update: the only exception is {@link AwarenessDecodeException} (or its
 * subclass for the limits), and then the awareness is left as it was; an applied update's changes re-encode
 * into an update another awareness accepts with the same states; the memory allocated is bounded by the
 * update's size; a hang is a finding (libFuzzer's {@code -timeout}). For a sender's update besides: the
 * states of ids the gate drops are untouched, the states' bytes stay within the bound and are those of the
 * states held, no clock rises past its step, and the update returned for relaying, applied elsewhere, gives
 * the same states. docs/fuzzing.md.
 */
class AwarenessFuzzTest {

    /** The clients the awareness knows before each update, and a few it could learn. */
    private static final List<Long> CLIENTS = List.of(1L, 2L, 3L, 300L, 1L << 40);
    private static final int MAX_CLIENTS = 6;
    /** Generous bounds (docs/fuzzing.md): a fresh awareness, its states and their JSON per input byte. */
    private static final long BASE_BYTES = 1L << 20;
    private static final long PER_INPUT_BYTE = 1024;
    /** The sender's bounds: small, so that inputs reach them. */
    private static final int MAX_STATE_BYTES = 48;
    private static final long MAX_TOTAL_BYTES = 160;
    /** Ids the sender owns, another sender owns, and how many more it may claim. */
    private static final List<Long> OWNED = List.of(1L, 300L);
    private static final List<Long> FOREIGN = List.of(2L, 3L);
    private static final int MORE_CLAIMS = 2;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static Stream<byte[]> validUpdates() {
        List<byte[]> updates = new ArrayList<>();
        updates.add(update(Map.of(1L, entry(5, "{\"user\":{\"name\":\"Ada\",\"color\":\"#30bced\"}}"))));
        updates.add(update(Map.of(2L, entry(3, "null"))));
        updates.add(update(Map.of(7L, entry(1, "{\"cursor\":{\"anchor\":{\"type\":null,\"tname\":\"template\","
                + "\"item\":{\"client\":7,\"clock\":12},\"assoc\":0},\"head\":[1,2.5e3,-0,true,false,\"\\u00e9\\ud83d\\ude00\"]}}"))));
        Map<Long, String[]> many = new LinkedHashMap<>();
        many.put(4L, entry(1, "{}"));
        many.put(5L, entry(9007199254740991L, "[]"));
        many.put(1L << 40, entry(2, "\"text\""));
        many.put(6L, entry(1, "0"));
        updates.add(update(many));
        return updates.stream();
    }

    private static String[] entry(long clock, String json) {
        return new String[] {Long.toString(clock), json};
    }

    private static byte[] update(Map<Long, String[]> entries) {
        Encoder encoder = new Encoder();
        encoder.writeVarUint(entries.size());
        entries.forEach((client, clockAndJson) -> {
            encoder.writeVarUint(client);
            encoder.writeVarUint(Long.parseLong(clockAndJson[0]));
            encoder.writeVarString(clockAndJson[1]);
        });
        return encoder.toByteArray();
    }

    @MethodSource("validUpdates")
    @FuzzTest(maxDuration = "10s")
    void an_update_is_applied_or_refused_with_an_awareness_decode_exception(byte[] update) {
        long bound = BASE_BYTES + PER_INPUT_BYTE * update.length;
        // over the bound, run again: the first run of a code path also loads and instruments classes
        if (allocatedBy(() -> apply(update)) > bound) {
            long allocated = allocatedBy(() -> apply(update));
            if (allocated > bound) {
                throw new AssertionError("allocated " + allocated + " bytes for an update of " + update.length
                        + " bytes (bound " + bound + ")");
            }
        }
    }

    private static long allocatedBy(Runnable work) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        work.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    private static void apply(byte[] update) {
        applyTrusted(update);
        applyFromSender(update);
    }

    private static void applyTrusted(byte[] update) {
        Awareness awareness = new Awareness(() -> 1_000L, MAX_CLIENTS);
        awareness.applyUpdate(update(Map.of(1L, entry(4, "{\"a\":1}"), 2L, entry(2, "{\"b\":[]}"),
                3L, entry(7, "null"))));
        Map<Long, String> before = snapshot(awareness);
        Awareness.Change change;
        try {
            change = awareness.applyUpdate(update);
        } catch (AwarenessDecodeException refused) {
            assertEquals(before, snapshot(awareness), "a refused update changed the awareness");
            return;
        }
        List<Long> withState = change.changed().stream().filter(c -> awareness.stateJson(c).isPresent()).toList();
        Awareness other = new Awareness(() -> 0L, MAX_CLIENTS);
        other.applyUpdate(awareness.encodeUpdate(withState));
        for (Long client : withState) {
            // falsy states (0, false, "") are written as null, as awareness.js writes them
            if (other.stateJson(client).isPresent()) {
                assertEquals(awareness.stateJson(client), other.stateJson(client), "a state does not re-encode");
            }
        }
    }

    private static void applyFromSender(byte[] update) {
        Awareness awareness = new Awareness(() -> 1_000L, MAX_CLIENTS, MAX_STATE_BYTES, MAX_TOTAL_BYTES);
        awareness.applyUpdate(update(Map.of(1L, entry(4, "{\"a\":1}"), 2L, entry(2, "{\"b\":[]}"),
                3L, entry(7, "null"))));
        Map<Long, String> before = snapshot(awareness);
        Set<Long> claimed = new HashSet<>();
        Awareness.Gate gate = client -> {
            if (OWNED.contains(client) || claimed.contains(client)) {
                return Awareness.Admission.APPLY;
            }
            if (FOREIGN.contains(client)) {
                return Awareness.Admission.DROP;
            }
            return claimed.add(client) && claimed.size() <= MORE_CLAIMS
                    ? Awareness.Admission.APPLY : Awareness.Admission.REFUSE;
        };
        Awareness.Applied applied;
        try {
            applied = awareness.applyUpdate(update, gate);
        } catch (AwarenessDecodeException refused) {
            assertEquals(before, snapshot(awareness), "a refused update changed the awareness");
            return;
        }
        Map<Long, String> after = snapshot(awareness);
        for (Long client : FOREIGN) {
            assertEquals(before.get(client), after.get(client), "another's client changed");
        }
        for (Long client : CLIENTS) {
            long previous = Long.parseLong(before.get(client).split(" ")[0]);
            long limit = previous == 0 ? Awareness.MAX_FIRST_CLOCK : previous + Awareness.MAX_CLOCK_STEP;
            assertTrue(awareness.clock(client) <= Math.max(previous, limit), "a clock rose too far");
        }
        long bytes = 0;
        for (Long client : awareness.clientsWithState()) {
            bytes += awareness.stateJson(client).orElseThrow().getBytes(StandardCharsets.UTF_8).length;
        }
        assertEquals(bytes, awareness.totalBytes(), "the states' bytes are miscounted");
        assertTrue(bytes <= MAX_TOTAL_BYTES, "states of " + bytes + " bytes");
        // the update as applied, relayed to a peer that knew the same, gives the same states
        Awareness peer = new Awareness(() -> 1_000L, MAX_CLIENTS);
        peer.applyUpdate(update(Map.of(1L, entry(4, "{\"a\":1}"), 2L, entry(2, "{\"b\":[]}"),
                3L, entry(7, "null"))));
        peer.applyUpdate(applied.update());
        assertEquals(after, snapshot(peer), "the relayed update does not give the same states");
    }

    /** Each client's clock and state, for the clients the awareness knows. */
    private static Map<Long, String> snapshot(Awareness awareness) {
        Map<Long, String> snapshot = new LinkedHashMap<>();
        for (Long client : CLIENTS) {
            Optional<String> state = awareness.stateJson(client);
            snapshot.put(client, awareness.clock(client) + " " + state.orElse("-"));
        }
        snapshot.put(-1L, awareness.clientsWithState().toString());
        return snapshot;
    }
}
