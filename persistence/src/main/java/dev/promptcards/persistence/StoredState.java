package dev.promptcards.persistence;

/**
 * A card as stored: its full state as one Yjs v1 update (the latest snapshot and every remaining log row
 * applied to a fresh doc and re-encoded with {@code Y.encodeStateAsUpdate}), and how much log is stored
 * beside the snapshot (the rows a compaction would fold into the next snapshot).
 *
 * @param update   the full state; an empty card gives the empty update {@code [0, 0]}
 * @param logRows  the card's log rows not yet folded into its snapshot
 * @param logBytes the total size of their data
 */
public record StoredState(byte[] update, long logRows, long logBytes) {
}
