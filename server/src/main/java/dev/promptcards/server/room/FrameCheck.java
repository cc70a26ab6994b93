package dev.promptcards.server.room;

import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.presence.Awareness;
import dev.promptcards.presence.AwarenessDecodeException;
import dev.promptcards.presence.AwarenessLimitException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the payloads of a frame's messages without touching the room, so that a frame with a bad
 * message in the middle changes nothing: the envelope is already decoded ({@link Message#decodeAll}),
 * this decodes what is inside it. A frame of one message needs no check, since applying one update
 * or one awareness update is all or nothing already.
 */
final class FrameCheck {

    /** An empty state vector: {@code diffUpdate} against it reads the whole update. */
    private static final byte[] EMPTY_STATE_VECTOR = {0};

    private FrameCheck() {
    }

    /**
     * Sums the lengths of the updates the frame would apply.
     *
     * @param messages the frame's messages
     * @return the bytes of every SyncStep2 and Update but the empty one
     */
    static long updateBytes(List<Message> messages) {
        long bytes = 0;
        for (Message message : messages) {
            // the empty update every joining client answers SyncStep1 with changes nothing: no bytes to bound,
            // no client ids to read, nothing to apply off the event loop
            if (message instanceof Message.Sync sync && sync.message().changesDocument()
                    && !isEmptyUpdate(sync.message().payload())) {
                bytes += sync.message().payload().length;
            }
        }
        return bytes;
    }

    /**
     * Tells whether an update is Yjs's empty update: no structs and an empty delete set, {@code [0, 0]}.
     *
     * @param update an encoded update
     * @return true for {@code [0, 0]}
     */
    static boolean isEmptyUpdate(byte[] update) {
        return update.length == 2 && update[0] == 0 && update[1] == 0;
    }

    /**
     * Decodes every payload of a frame of several messages: state vectors, updates (unless
     * {@code readOnly}: they will not be applied) and awareness updates. The awareness updates are
     * applied, as one sender's, to an empty scratch awareness with the room's cap and presence bounds,
     * so a frame whose awareness updates alone go past a bound (more clients than the cap, more ids
     * than a connection may announce, a state or states too big, for the card or for one subject, a first
     * clock too high) is refused
     * here; one that only goes past it with what the room already holds is refused when applied.
     *
     * @param messages            the frame's messages
     * @param readOnly            whether updates will be refused anyway
     * @param maxAwarenessClients the room's cap on awareness clients
     * @param presence            the room's presence bounds
     * @throws UpdateDecodeException     if a state vector or an update is malformed
     * @throws AwarenessLimitException   if the awareness updates alone go past a bound
     * @throws AwarenessDecodeException  if an awareness update is malformed
     */
    static void check(List<Message> messages, boolean readOnly, int maxAwarenessClients, PresenceBounds presence) {
        if (messages.size() < 2) {
            return;
        }
        Awareness scratch = null;
        Set<Long> named = new HashSet<>();
        Awareness.Gate gate = client -> named.add(client) && named.size() > presence.maxClientsPerConnection()
                ? Awareness.Admission.REFUSE : Awareness.Admission.APPLY;
        for (Message message : messages) {
            switch (message) {
                case Message.Sync sync -> {
                    SyncMessage body = sync.message();
                    if (!body.changesDocument()) {
                        Y.decodeStateVector(body.payload());
                    } else if (!readOnly) {
                        Y.diffUpdate(body.payload(), EMPTY_STATE_VECTOR);
                    }
                }
                case Message.Awareness update -> {
                    if (scratch == null) {
                        scratch = new Awareness(() -> 0L, maxAwarenessClients, presence.maxStateBytes(),
                                presence.maxCardBytes());
                    }
                    // all of one sender's, so the scratch's growth is its subject's at least
                    scratch.applyUpdate(update.update(), gate, presence.maxSubjectBytes() - scratch.totalBytes());
                }
                case Message.Auth auth -> { }
                case Message.QueryAwareness query -> { }
            }
        }
    }
}
