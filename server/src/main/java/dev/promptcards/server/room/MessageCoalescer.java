package dev.promptcards.server.room;

import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.presence.AwarenessUpdates;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the messages of frames a connection sent while it was held back by its rate into fewer messages
 * with the same effect: every update (SyncStep2 or Update) merged into one ({@code Y.mergeUpdates}: applying
 * the merge equals applying them in order) at the place of the first, and every awareness update coalesced
 * into one (the latest state per client, {@link AwarenessUpdates#coalesce}) at the place of the last. Other
 * messages keep their order. A flood of keystrokes becomes one update to apply, store and send; a flood of
 * cursor moves one awareness change.
 */
final class MessageCoalescer {

    private MessageCoalescer() {
    }

    /**
     * Coalesces the messages.
     *
     * @param messages     the messages of the frames, in order
     * @param mergeUpdates false for a read-only connection, whose updates are refused anyway
     * @return the coalesced messages; {@code messages} itself when nothing could be merged
     * @throws dev.promptcards.crdt.UpdateDecodeException         if an update is malformed
     * @throws dev.promptcards.presence.AwarenessDecodeException   if an awareness update is malformed
     */
    static List<Message> coalesce(List<Message> messages, boolean mergeUpdates) {
        List<byte[]> updates = new ArrayList<>();
        List<byte[]> awareness = new ArrayList<>();
        int firstUpdate = -1;
        int lastAwareness = -1;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (mergeUpdates && message instanceof Message.Sync sync && sync.message().changesDocument()) {
                if (firstUpdate < 0) {
                    firstUpdate = i;
                }
                updates.add(sync.message().payload());
            } else if (message instanceof Message.Awareness update) {
                lastAwareness = i;
                awareness.add(update.update());
            }
        }
        if (updates.size() < 2 && awareness.size() < 2) {
            return messages;
        }
        Message merged = updates.size() < 2 ? null : Message.update(Y.mergeUpdates(updates));
        Message coalesced = awareness.size() < 2 ? null : new Message.Awareness(AwarenessUpdates.coalesce(awareness));
        List<Message> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            boolean update = mergeUpdates && message instanceof Message.Sync sync && sync.message().changesDocument();
            if (update && merged != null) {
                if (i == firstUpdate) {
                    result.add(merged);
                }
            } else if (message instanceof Message.Awareness && coalesced != null) {
                if (i == lastAwareness) {
                    result.add(coalesced);
                }
            } else {
                result.add(message);
            }
        }
        return result;
    }
}
