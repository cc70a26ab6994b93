package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateShape;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the updates of a frame would cost a card, judged before they are applied: the client ids they name
 * and the structs they hold against {@link UpdateBounds} (integrating concurrent inserts of many clients at one
 * position costs the product of the new and the present ones, as in Yjs; each struct costs its integration and
 * its memory), and whether they are costly enough to be applied off the network threads. Reading them (one
 * decoding for both) is linear in the updates' size; a keystroke's update is cleared by its size alone, a big
 * one is read where it is applied (off the network threads).
 */
final class UpdateCheck {

    /** An update with more client ids than this is applied off the network threads. */
    static final int OFFLOAD_CLIENTS = 16;
    /** Updates of more bytes than this are applied (and their client ids read) off the network threads. */
    static final int OFFLOAD_BYTES = 64 * 1024;
    /**
     * A card one of whose frames took longer than this to apply has all its updates applied off the network
     * threads from then on (a keystroke takes microseconds).
     */
    static final long SLOW_APPLY_NANOS = 50_000_000;

    /** Why updates are refused: the limit's name, the close reason, and the detail for the log. */
    record Refusal(String limit, String reason, String detail) {
    }

    private final List<Message> messages;
    private final long bytes;
    private final Set<Long> clients = new HashSet<>();
    private int mostClients;
    private long mostStructs;
    /** False until the client ids are read; stays false when the size alone clears the updates. */
    private boolean read;
    private boolean cleared;

    private UpdateCheck(List<Message> messages, long bytes) {
        this.messages = messages;
        this.bytes = bytes;
    }

    /**
     * Sizes the updates among {@code messages}, reading nothing yet.
     *
     * @param messages a frame's messages
     * @param doc      the card's document (read only: its client count)
     * @param bounds   the bounds
     * @return the check
     */
    static UpdateCheck sized(List<Message> messages, Doc doc, UpdateBounds bounds) {
        UpdateCheck check = new UpdateCheck(messages, FrameCheck.updateBytes(messages));
        // each client id an update names takes at least 2 of its bytes (a block of structs: count, client,
        // clock; deletions: client, count, a range), and so does each struct (info, then a length or more),
        // so this many bytes name at most bytes / 2 of either
        long most = check.bytes / 2;
        if (most <= OFFLOAD_CLIENTS && most <= bounds.maxUpdateClients() && most <= bounds.maxUpdateStructs()
                && doc.clientCount() + most <= bounds.maxCardClients()) {
            check.mostClients = (int) most;
            check.cleared = true;
        }
        return check;
    }

    /**
     * Tells whether the updates are big enough to be read and applied off the network threads.
     *
     * @return true past {@link #OFFLOAD_BYTES}
     */
    boolean big() {
        return bytes > OFFLOAD_BYTES;
    }

    /**
     * Reads the client ids and counts the structs (once; not at all if the size cleared them) and checks them
     * against the bounds and what the card holds.
     *
     * @param doc    the card's document (read only: its client count)
     * @param bounds the bounds
     * @return the refusal, or null if the updates may be applied
     * @throws dev.promptcards.crdt.UpdateDecodeException if an update is malformed
     */
    Refusal refusal(Doc doc, UpdateBounds bounds) {
        if (cleared) {
            return null;
        }
        if (!read) {
            for (Message message : messages) {
                if (message instanceof Message.Sync sync && sync.message().changesDocument()) {
                    UpdateShape shape = Y.shapeOfUpdate(sync.message().payload());
                    clients.addAll(shape.clients());
                    mostClients = Math.max(mostClients, shape.clients().size());
                    mostStructs = Math.max(mostStructs, shape.structs());
                }
            }
            read = true;
        }
        if (mostClients > bounds.maxUpdateClients()) {
            return new Refusal(LimitNames.UPDATE_CLIENTS, "too many client ids in one update",
                    mostClients + " client ids in one update > " + bounds.maxUpdateClients());
        }
        if (mostStructs > bounds.maxUpdateStructs()) {
            return new Refusal(LimitNames.UPDATE_STRUCTS, "too many structs in one update",
                    mostStructs + " structs in one update > " + bounds.maxUpdateStructs());
        }
        long fresh = clients.stream().filter(client -> !doc.hasClient(client)).count();
        if (fresh > 0 && doc.clientCount() + fresh > bounds.maxCardClients()) {
            return new Refusal(LimitNames.CARD_CLIENTS, "too many client ids in the card",
                    "card " + doc.clientCount() + " client ids + " + fresh + " new > " + bounds.maxCardClients());
        }
        return null;
    }

    /**
     * Tells whether applying these updates may take long enough to hold up the other cards of a network
     * thread: many client ids or many bytes. Call after {@link #refusal}.
     *
     * @return true to apply them off the network threads
     */
    boolean heavy() {
        return mostClients > OFFLOAD_CLIENTS || big();
    }
}
