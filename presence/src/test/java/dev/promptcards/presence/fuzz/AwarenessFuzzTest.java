package dev.promptcards.presence.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.AwarenessDecodeException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes awareness updates ({@link Awareness#applyUpdate}: the reader of y-protocols awareness updates,
 * the JSON parser of the states, the clock rules and the cap on clients), starting from valid updates.
 *
 * <p>Properties, for any update: the only exception is {@link AwarenessDecodeException} (or its
 * subclass for the cap), and then the awareness is left as it was; an applied update's changes re-encode
 * into an update another awareness accepts with the same states; the memory allocated is bounded by the
 * update's size; a hang is a finding (libFuzzer's {@code -timeout}). docs/fuzzing.md.
 */
class AwarenessFuzzTest {

    /** The clients the awareness knows before each update, and a few it could learn. */
    private static final List<Long> CLIENTS = List.of(1L, 2L, 3L, 300L, 1L << 40);
    private static final int MAX_CLIENTS = 6;
    /** Generous bounds (docs/fuzzing.md): a fresh awareness, its states and their JSON per input byte. */
    private static final long BASE_BYTES = 1L << 20;
    private static final long PER_INPUT_BYTE = 1024;
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
