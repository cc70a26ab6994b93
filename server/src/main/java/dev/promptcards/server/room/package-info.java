/**
 * Rooms: one live card per room, its {@link dev.promptcards.crdt.Doc} and its awareness, the
 * connections editing it, and the limits that protect it.
 *
 * <p>{@link dev.promptcards.server.room.RoomRegistry} creates a {@link dev.promptcards.server.room.Room}
 * per {@link dev.promptcards.card.CardKey} on first use and unloads it after a grace period
 * without connections. Every change to a room's document and awareness happens on the room's
 * {@link dev.promptcards.server.room.SerialExecutor} (one writer per document); what a room sends is
 * encoded once and the same bytes go to every {@link dev.promptcards.server.room.Connection}. The
 * protocol is y-websocket's (y-protocols sync, awareness and auth messages), handled sans I/O: the
 * network layer only hands frames in and sends frames out.
 */
package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
