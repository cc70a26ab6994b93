package dev.promptcards.server.room;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the updates of a frame would cost a card, judged before they are applied: the client ids they name
 * against {@link UpdateBounds} (integrating concurrent inserts of many clients at one position costs the
 * product of the new and the present ones, as in Yjs), and whether they are big enough to be applied off
 * the network threads. Reading the client ids is linear in the update's size and touches no document.
 */
final class UpdateCheck {

    /** An update with more client ids than this is applied off the network threads. */
    static final int OFFLOAD_CLIENTS = 16;
    /** An update of more bytes than this is applied off the network threads. */
    static final int OFFLOAD_BYTES = 64 * 1024;
    /**
     * A card one of whose frames took longer than this to apply has all its updates applied off the network
     * threads from then on (a keystroke takes microseconds).
     */
    static final long SLOW_APPLY_NANOS = 50_000_000;

    /** Why updates are refused: the limit's name, the close reason, and the detail for the log. */
    record Refusal(String limit, String reason, String detail) {
    }

    private final Set<Long> clients = new HashSet<>();
    private long bytes;
    private int mostClients;
    /** False when the size alone cleared the updates (their client ids were not read). */
    private boolean decoded = true;

    private UpdateCheck() {
    }

    /**
     * Reads the client ids of the updates among {@code messages}, unless their size alone shows they are
     * within the bounds and light (a keystroke's update: a few dozen bytes).
     *
     * @param messages a frame's messages
     * @param doc      the card's document (read only: its client count)
     * @param bounds   the bounds
     * @return what they name
     * @throws dev.promptcards.crdt.UpdateDecodeException if an update is malformed
     */
    static UpdateCheck of(List<Message> messages, Doc doc, UpdateBounds bounds) {
        UpdateCheck check = new UpdateCheck();
        check.bytes = FrameCheck.updateBytes(messages);
        // each client id an update names takes at least 2 of its bytes (a block of structs: count, client,
        // clock; deletions: client, count, a range), so this many bytes name at most bytes / 2 of them
        long most = check.bytes / 2;
        if (most <= OFFLOAD_CLIENTS && most <= bounds.maxUpdateClients()
                && doc.clientCount() + most <= bounds.maxCardClients()) {
            check.mostClients = (int) most;
            check.decoded = false;
            return check;
        }
        for (Message message : messages) {
            if (message instanceof Message.Sync sync && sync.message().changesDocument()) {
                Set<Long> ids = Y.clientsOfUpdate(sync.message().payload());
                check.clients.addAll(ids);
                check.mostClients = Math.max(check.mostClients, ids.size());
            }
        }
        return check;
    }

    /**
     * Checks the client ids against the bounds and what the card holds.
     *
     * @param doc    the card's document (read only: its client count)
     * @param bounds the bounds
     * @return the refusal, or null if the updates may be applied
     */
    Refusal refusal(Doc doc, UpdateBounds bounds) {
        if (!decoded) {
            return null;
        }
        if (mostClients > bounds.maxUpdateClients()) {
            return new Refusal(LimitNames.UPDATE_CLIENTS, "too many client ids in one update",
                    mostClients + " client ids in one update > " + bounds.maxUpdateClients());
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
     * thread: many client ids or many bytes.
     *
     * @return true to apply them off the network threads
     */
    boolean heavy() {
        return mostClients > OFFLOAD_CLIENTS || bytes > OFFLOAD_BYTES;
    }
}
