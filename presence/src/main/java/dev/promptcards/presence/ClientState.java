package dev.promptcards.presence;

import dev.promptcards.crdt.lib0.JsJson;

import java.util.Objects;

/**
 * One client's awareness state, kept as the JSON text the client sent, so that what we relay is byte for
 * byte what the client wrote (the reference server re-serializes with {@code JSON.stringify(JSON.parse(..))}).
 *
 * @param json    the JSON text as received; never the JSON {@code null} (a null state is a removal)
 * @param jsFalsy whether the value is falsy in JS ({@code false}, {@code 0}, {@code -0}, {@code ""}):
 *                awareness.js encodeAwarenessUpdate writes {@code JSON.stringify(states.get(id) || null)},
 *                so such a state is stored but encoded as {@code null}
 * @param bytes   the length of the JSON text in UTF-8, as it came over the wire: what the byte caps count
 */
record ClientState(String json, boolean jsFalsy, int bytes) {

    /** Checks that the text is there. */
    ClientState {
        Objects.requireNonNull(json, "json");
    }

    /**
     * Validates {@code json} as JS {@code JSON.parse} would (awareness.js applyAwarenessUpdate parses every
     * state) and wraps it.
     *
     * @param json  the JSON text of one entry of an awareness update
     * @param bytes its length in UTF-8
     * @return the state, or {@code null} when the text is the JSON value {@code null} (a removal)
     * @throws dev.promptcards.crdt.lib0.DecodeException if the text is not valid JSON
     */
    static ClientState parse(String json, int bytes) {
        Object value = JsJson.parse(json);
        if (value == null) {
            return null;
        }
        return new ClientState(json, isFalsy(value), bytes);
    }

    /** JS ToBoolean of a value JSON.parse can produce (no NaN, undefined or bigint there). */
    private static boolean isFalsy(Object value) {
        return Boolean.FALSE.equals(value)
                || (value instanceof Number n && n.doubleValue() == 0.0)
                || (value instanceof String s && s.isEmpty());
    }

    /**
     * The JSON text that awareness.js encodeAwarenessUpdate writes for this state.
     *
     * @return {@code "null"} for a falsy state, else the text as received
     */
    String encoded() {
        return jsFalsy ? Awareness.NULL_JSON : json;
    }
}
