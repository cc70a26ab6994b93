package dev.promptcards.presence;

/**
 * One entry of an awareness update: {@code varUint clientID, varUint clock, varString JSON.stringify(state)}
 * (y-protocols PROTOCOL.md "awarenessUpdate"; awareness.js encodeAwarenessUpdate).
 *
 * @param client 0 .. 2^53 - 1
 * @param clock  0 .. 2^53 - 1
 * @param state  the state, or {@code null} when the entry carries the JSON {@code null} (a removal)
 */
record AwarenessEntry(long client, long clock, ClientState state) {
}
