/**
 * Presence: who is in a card and where their cursor is.
 *
 * <p>{@link dev.promptcards.presence.Awareness} is the y-protocols awareness protocol as the server keeps
 * it (states, clocks, the 30 s timeout, removal on disconnect), sans I/O: bytes in, changes out.
 *
 * <p>The cross-node bus is in {@code dev.promptcards.presence.bus}: the {@link dev.promptcards.presence.bus.Bus}
 * interface, its in-process implementation, and {@code presence.bus.redis} for several nodes through Redis;
 * the rooms heal what it loses (server's {@code RoomReplication}).
 *
 * <p>Depends on {@code crdt} (its lib0 encoding and JSON) and {@code card} (card keys).
 */
package dev.promptcards.presence;
