package dev.promptcards.crdt.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the v1 update decoder and everything that reads an update ({@link Y}'s applyUpdate,
 * mergeUpdates, diffUpdate, encodeStateVectorFromUpdate, decodeStateVector), starting from valid updates.
 *
 * <p>Properties, for any input: the only exception is {@link UpdateDecodeException} (never a
 * NullPointerException, an index out of bounds, a StackOverflowError...); a refused update changes
 * nothing in the document; an accepted one leaves a document whose state, applied to another, gives the
 * same state vector and content; the memory allocated is bounded by the input's size ({@link Bounded}); a hang is a
 * finding (libFuzzer's {@code -timeout}, set by the build). docs/fuzzing.md says how to run it longer.
 */
class UpdateFuzzTest {

    private static final byte[] EMPTY_STATE_VECTOR = {0};

    /** A card with content of every kind, which the fuzzed update is applied to. */
    private final byte[] card = ValidUpdates.all(false).getLast();
    private final byte[] cardStateVector = Y.encodeStateVectorFromUpdate(card);

    static Stream<byte[]> validUpdates() {
        return ValidUpdates.named().values().stream();
    }

    @MethodSource("validUpdates")
    @FuzzTest(maxDuration = "10s")
    void an_update_is_applied_whole_or_refused_with_an_update_decode_exception(byte[] update) {
        Bounded.allocation(update.length, () -> {
            applyToFreshDoc(update);
            applyToCard(update);
            readWithoutDoc(update);
        });
    }

    private static void applyToFreshDoc(byte[] update) {
        Doc doc = new Doc(1_000_001);
        byte[] before = Y.encodeStateAsUpdate(doc);
        try {
            Y.applyUpdate(doc, update);
        } catch (UpdateDecodeException refused) {
            assertArrayEquals(before, Y.encodeStateAsUpdate(doc), "a refused update changed the document");
            return;
        }
        // what a server checks before applying: every client the update brought is among those it names
        Set<Long> named = Y.clientsOfUpdate(update);
        assertTrue(named.containsAll(Y.decodeStateVector(Y.encodeStateVector(doc)).keySet()),
                "a client of the document is not among the update's " + named);
        assertEquals(Y.decodeStateVector(Y.encodeStateVector(doc)).size(), doc.clientCount());
        // not the same bytes: like Yjs, a copy may merge items the original keeps split (byte-identical
        // with Yjs for the input that showed it)
        Doc copy = new Doc(1_000_002);
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
        assertArrayEquals(Y.encodeStateVector(doc), Y.encodeStateVector(copy), "the copy has another state vector");
        assertEquals(render(doc.toJSON()), render(copy.toJSON()), "the copy has other content");
    }

    private void applyToCard(byte[] update) {
        Doc doc = new Doc(1_000_003, false);
        Y.applyUpdate(doc, card);
        byte[] before = Y.encodeStateAsUpdate(doc);
        try {
            Y.applyUpdate(doc, update);
        } catch (UpdateDecodeException refused) {
            assertArrayEquals(before, Y.encodeStateAsUpdate(doc), "a refused update changed the card");
            return;
        }
        // what waits for missing updates is counted, and dropped without a trace in the content
        long pending = doc.pendingBytes();
        assertTrue(pending >= 0, "pending " + pending);
        byte[] full = Y.encodeStateAsUpdate(doc);
        byte[] stateVector = Y.encodeStateVector(doc);
        String content = render(doc.toJSON());
        doc.dropPending();
        assertEquals(0, doc.pendingBytes());
        assertArrayEquals(stateVector, Y.encodeStateVector(doc), "dropping pending data changed the state vector");
        assertEquals(content, render(doc.toJSON()), "dropping pending data changed the content");
        if (pending == 0) {
            assertArrayEquals(full, Y.encodeStateAsUpdate(doc), "0 bytes pending, yet dropping changed the state");
        }
    }

    private void readWithoutDoc(byte[] update) {
        try {
            Y.mergeUpdates(List.of(card, update));
        } catch (UpdateDecodeException refused) {
            // documented
        }
        try {
            Y.diffUpdate(update, cardStateVector);
            Y.diffUpdate(update, EMPTY_STATE_VECTOR);
        } catch (UpdateDecodeException refused) {
            // documented
        }
        try {
            Y.encodeStateVectorFromUpdate(update);
        } catch (UpdateDecodeException refused) {
            // documented
        }
        try {
            Y.diffUpdate(card, update);
        } catch (UpdateDecodeException refused) {
            // the input as a state vector
        }
        try {
            Y.decodeStateVector(update);
        } catch (UpdateDecodeException refused) {
            // documented
        }
        try {
            Y.clientsOfUpdate(update);
        } catch (UpdateDecodeException refused) {
            // documented
        }
    }

    /**
     * A value of the JS value model as text: byte arrays by content (their equals is identity), map keys
     * sorted (a copy integrates the keys of a map in another order).
     */
    private static String render(Object value) {
        return switch (value) {
            case byte[] bytes -> Arrays.toString(bytes);
            case Map<?, ?> map -> map.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + render(entry.getValue()))
                    .sorted()
                    .collect(Collectors.joining(", ", "{", "}"));
            case List<?> list -> list.stream().map(UpdateFuzzTest::render).collect(Collectors.joining(", ", "[", "]"));
            case null -> "null";
            default -> value.getClass().getSimpleName() + ":" + value;
        };
    }
}
