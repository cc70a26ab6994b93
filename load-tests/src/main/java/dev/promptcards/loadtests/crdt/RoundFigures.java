package dev.promptcards.loadtests.crdt;

import java.util.Map;

/**
 * What one round of one side (Java or Yjs) measured and produced; the JSON that
 * {@code crdt-bench.mjs} answers to a round has exactly these fields.
 *
 * @param edits the edits replayed
 * @param localMillis the local replay, one transaction per edit with an update listener
 * @param remoteMillis applying the replay's updates in order to a fresh doc (with an update listener)
 * @param encodeMillis one {@code encodeStateAsUpdate} of the replayed doc (mean of encodeReps calls)
 * @param encodeReps how many encodes were timed
 * @param parseMillis one {@code applyUpdate} of the full state to a new doc (mean of parseReps calls)
 * @param parseReps how many parses were timed
 * @param memoryBytes the heap held by one doc loaded from the full state
 * @param updates the number of updates the local replay emitted
 * @param updatesSha256 sha256 over the updates, each prefixed by its length (uint32 big-endian)
 * @param relayedBytes the bytes of the updates the remote doc emitted in turn
 * @param textLength the length of the replayed text in UTF-16 units
 * @param textSha256 sha256 of the replayed text (UTF-8)
 * @param remoteTextSha256 sha256 of the remote doc's text
 * @param parsedTextSha256 sha256 of the text of a doc loaded from the state
 * @param stateLength the length of the encoded state
 * @param stateSha256 sha256 of the encoded state
 */
record RoundFigures(
        long edits,
        double localMillis,
        double remoteMillis,
        double encodeMillis,
        long encodeReps,
        double parseMillis,
        long parseReps,
        double memoryBytes,
        long updates,
        String updatesSha256,
        long relayedBytes,
        long textLength,
        String textSha256,
        String remoteTextSha256,
        String parsedTextSha256,
        long stateLength,
        String stateSha256) {

    /** The figures from the JSON object of a round's answer (as parsed by {@code JsJson}). */
    static RoundFigures fromJson(Map<?, ?> json) {
        return new RoundFigures(
                integer(json, "edits"),
                decimal(json, "localMillis"),
                decimal(json, "remoteMillis"),
                decimal(json, "encodeMillis"),
                integer(json, "encodeReps"),
                decimal(json, "parseMillis"),
                integer(json, "parseReps"),
                decimal(json, "memoryBytes"),
                integer(json, "updates"),
                text(json, "updatesSha256"),
                integer(json, "relayedBytes"),
                integer(json, "textLength"),
                text(json, "textSha256"),
                text(json, "remoteTextSha256"),
                text(json, "parsedTextSha256"),
                integer(json, "stateLength"),
                text(json, "stateSha256"));
    }

    private static Object field(Map<?, ?> json, String name) {
        Object value = json.get(name);
        if (value == null) {
            throw new IllegalStateException("the Yjs round has no " + name + ": " + json);
        }
        return value;
    }

    private static double decimal(Map<?, ?> json, String name) {
        return ((Number) field(json, name)).doubleValue();
    }

    private static long integer(Map<?, ?> json, String name) {
        return ((Number) field(json, name)).longValue();
    }

    private static String text(Map<?, ?> json, String name) {
        return (String) field(json, name);
    }
}
