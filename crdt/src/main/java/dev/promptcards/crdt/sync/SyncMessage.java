package dev.promptcards.crdt.sync;

/**
 * A message of the y-protocols sync protocol (y-protocols {@code sync.js}, PROTOCOL.md "Sync protocol"):
 * {@code varUint(syncType) • varUint8Array(payload)}, where the payload is a v1 state vector
 * (SyncStep1) or a v1 update (SyncStep2, Update).
 *
 * <p>On the wire a sync message is always wrapped in the y-websocket envelope {@link Message.Sync}
 * (message type 0). The byte arrays are not copied: do not change an array after handing it to a
 * message, nor one taken from a message. Equality compares the array contents.
 */
public sealed interface SyncMessage permits SyncMessage.SyncStep1, SyncMessage.SyncStep2, SyncMessage.Update {

    /** y-protocols sync.js {@code messageYjsSyncStep1 = 0}: carries the sender's state vector. */
    int SYNC_STEP1 = 0;
    /** y-protocols sync.js {@code messageYjsSyncStep2 = 1}: carries {@code encodeStateAsUpdate(doc, sv)}. */
    int SYNC_STEP2 = 1;
    /** y-protocols sync.js {@code messageYjsUpdate = 2}: carries an incremental update. */
    int UPDATE = 2;

    /**
     * Returns the sync message type written on the wire.
     *
     * @return {@link #SYNC_STEP1}, {@link #SYNC_STEP2} or {@link #UPDATE}
     */
    int type();

    /**
     * Returns the payload written as varUint8Array after the type.
     *
     * @return the state vector (SyncStep1) or the update (SyncStep2, Update)
     */
    byte[] payload();

    /**
     * Tells whether applying this message changes a document: SyncStep2 and Update do, SyncStep1 only
     * asks for a reply. This is the check of PROTOCOL.md "Handling read-only users": block
     * {@code [0, 1, ..]} and {@code [0, 2, ..]}.
     *
     * @return true for SyncStep2 and Update
     */
    default boolean changesDocument() {
        return type() != SYNC_STEP1;
    }

    /**
     * SyncStep1: the sender's encoded state vector ({@code Y.encodeStateVector(doc)}); the receiver
     * replies with SyncStep2.
     *
     * @param stateVector the encoded v1 state vector
     */
    record SyncStep1(byte[] stateVector) implements SyncMessage {
        public SyncStep1 {
            Bytes.require(stateVector, "stateVector");
        }

        @Override
        public int type() {
            return SYNC_STEP1;
        }

        @Override
        public byte[] payload() {
            return stateVector;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SyncStep1 other && Bytes.equal(stateVector, other.stateVector);
        }

        @Override
        public int hashCode() {
            return 31 * SYNC_STEP1 + Bytes.hash(stateVector);
        }

        @Override
        public String toString() {
            return "SyncStep1[stateVector=" + Bytes.describe(stateVector) + "]";
        }
    }

    /**
     * SyncStep2: the reply to SyncStep1, {@code Y.encodeStateAsUpdate(doc, stateVector)}.
     *
     * @param update the v1 update with everything the SyncStep1 sender lacks
     */
    record SyncStep2(byte[] update) implements SyncMessage {
        public SyncStep2 {
            Bytes.require(update, "update");
        }

        @Override
        public int type() {
            return SYNC_STEP2;
        }

        @Override
        public byte[] payload() {
            return update;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SyncStep2 other && Bytes.equal(update, other.update);
        }

        @Override
        public int hashCode() {
            return 31 * SYNC_STEP2 + Bytes.hash(update);
        }

        @Override
        public String toString() {
            return "SyncStep2[update=" + Bytes.describe(update) + "]";
        }
    }

    /**
     * Update: an incremental v1 update, as emitted by a Doc's update listener.
     *
     * @param update the v1 update
     */
    record Update(byte[] update) implements SyncMessage {
        public Update {
            Bytes.require(update, "update");
        }

        @Override
        public int type() {
            return UPDATE;
        }

        @Override
        public byte[] payload() {
            return update;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Update other && Bytes.equal(update, other.update);
        }

        @Override
        public int hashCode() {
            return 31 * UPDATE + Bytes.hash(update);
        }

        @Override
        public String toString() {
            return "Update[update=" + Bytes.describe(update) + "]";
        }
    }
}
