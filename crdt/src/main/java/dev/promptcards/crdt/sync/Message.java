package dev.promptcards.crdt.sync;

import java.util.List;
import java.util.Objects;

/**
 * One message of the y-websocket envelope: {@code varUint(messageType) • body}.
 *
 * <p>The message types are those of y-websocket's {@code src/y-websocket.js} ({@code messageSync = 0},
 * {@code messageAwareness = 1}, {@code messageAuth = 2}, {@code messageQueryAwareness = 3}); y-protocols
 * PROTOCOL.md "Combining protocols" defines the envelope. A WebSocket frame may hold several messages
 * one after the other (y-websocket {@code readMessage} loops {@code while (decoding.hasContent(decoder))}):
 * {@link #decodeAll(byte[])} returns them all, {@link #encode(List)} writes several into one frame.
 *
 * <p>The room is never part of a message (y-protocols sync.js: "A message does not include information
 * about the room name"). Byte arrays are not copied: do not change an array after handing it to a
 * message, nor one taken from a message. Equality compares array contents. Stateless and thread-safe.
 */
public sealed interface Message permits Message.Sync, Message.Awareness, Message.Auth, Message.QueryAwareness {

    /** y-websocket {@code messageSync = 0}: a y-protocols sync message follows. */
    int SYNC = 0;
    /** y-websocket {@code messageAwareness = 1}: a varUint8Array holding an awareness update follows. */
    int AWARENESS = 1;
    /** y-websocket {@code messageAuth = 2}: a y-protocols auth message follows. */
    int AUTH = 2;
    /** y-websocket {@code messageQueryAwareness = 3}: no body; asks the peer for its awareness states. */
    int QUERY_AWARENESS = 3;

    /**
     * Returns the message type written first on the wire.
     *
     * @return {@link #SYNC}, {@link #AWARENESS}, {@link #AUTH} or {@link #QUERY_AWARENESS}
     */
    int type();

    /**
     * Encodes one message as a frame.
     *
     * @param message the message
     * @return the frame's bytes
     */
    static byte[] encode(Message message) {
        return MessageCodec.encode(message);
    }

    /**
     * Encodes several messages, one after the other, into one frame.
     *
     * @param messages the messages, in order
     * @return the frame's bytes (empty for an empty list)
     * @throws IllegalArgumentException if an {@link Auth.Other} is not the last message (its payload
     *                                  runs to the end of the frame, so nothing may follow it)
     */
    static byte[] encode(List<? extends Message> messages) {
        return MessageCodec.encode(messages);
    }

    /**
     * Reads every message of a frame.
     *
     * @param frame the frame's bytes (read, not kept: the returned messages own copies)
     * @return the messages in order (empty for an empty frame); unmodifiable
     * @throws ProtocolException on an unknown message type, an unknown sync message type or a truncated
     *                           or malformed message; no message of the frame is returned then
     */
    static List<Message> decodeAll(byte[] frame) {
        return MessageCodec.decodeAll(frame, 0, frame.length);
    }

    /**
     * Reads every message in {@code frame[offset .. offset + length)}. Offsets in a
     * {@link ProtocolException} are relative to {@code offset}.
     *
     * @param frame  the array holding the frame
     * @param offset start of the frame in the array
     * @param length length of the frame
     * @return the messages in order; unmodifiable
     * @throws ProtocolException         as {@link #decodeAll(byte[])}
     * @throws IndexOutOfBoundsException if the range is not within the array
     */
    static List<Message> decodeAll(byte[] frame, int offset, int length) {
        return MessageCodec.decodeAll(frame, offset, length);
    }

    /**
     * Shorthand for {@code new Sync(new SyncMessage.SyncStep1(stateVector))}.
     *
     * @param stateVector an encoded v1 state vector
     * @return the message
     */
    static Sync syncStep1(byte[] stateVector) {
        return new Sync(new SyncMessage.SyncStep1(stateVector));
    }

    /**
     * Shorthand for {@code new Sync(new SyncMessage.SyncStep2(update))}.
     *
     * @param update a v1 update
     * @return the message
     */
    static Sync syncStep2(byte[] update) {
        return new Sync(new SyncMessage.SyncStep2(update));
    }

    /**
     * Shorthand for {@code new Sync(new SyncMessage.Update(update))}.
     *
     * @param update a v1 update
     * @return the message
     */
    static Sync update(byte[] update) {
        return new Sync(new SyncMessage.Update(update));
    }

    /**
     * Shorthand for {@code new Auth.PermissionDenied(reason)}.
     *
     * @param reason the text the client logs
     * @return the message
     */
    static Auth.PermissionDenied permissionDenied(String reason) {
        return new Auth.PermissionDenied(reason);
    }

    /**
     * Message type 0: {@code varUint(0) • syncMessage} (y-websocket {@code messageHandlers[messageSync]}).
     *
     * @param message the sync message
     */
    record Sync(SyncMessage message) implements Message {
        public Sync {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int type() {
            return SYNC;
        }
    }

    /**
     * Message type 1: {@code varUint(1) • varUint8Array(awarenessUpdate)} (y-websocket
     * {@code messageHandlers[messageAwareness]} reads {@code decoding.readVarUint8Array}). The update
     * itself (y-protocols awareness.js {@code encodeAwarenessUpdate}) is kept as bytes here; the
     * presence module interprets it.
     *
     * @param update the awareness update
     */
    record Awareness(byte[] update) implements Message {
        public Awareness {
            Bytes.require(update, "update");
        }

        @Override
        public int type() {
            return AWARENESS;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Awareness other && Bytes.equal(update, other.update);
        }

        @Override
        public int hashCode() {
            return 31 * AWARENESS + Bytes.hash(update);
        }

        @Override
        public String toString() {
            return "Awareness[update=" + Bytes.describe(update) + "]";
        }
    }

    /**
     * Message type 2: {@code varUint(2) • varUint(authType) • ...} (y-protocols auth.js). The only auth
     * type y-protocols defines is {@link PermissionDenied}; any other is read as {@link Other}.
     */
    sealed interface Auth extends Message permits Auth.PermissionDenied, Auth.Other {

        /** y-protocols auth.js {@code messagePermissionDenied = 0}. */
        int PERMISSION_DENIED = 0;

        @Override
        default int type() {
            return AUTH;
        }

        /**
         * Returns the auth message type written after the message type.
         *
         * @return {@link #PERMISSION_DENIED} or another auth type
         */
        long authType();

        /**
         * Auth type 0: {@code varUint(2) • varUint(0) • varString(reason)} (y-protocols auth.js
         * {@code writePermissionDenied}). y-websocket logs the reason; we send it to read-only clients
         * whose changes were not applied.
         *
         * @param reason the text the client logs
         */
        record PermissionDenied(String reason) implements Auth {
            public PermissionDenied {
                Objects.requireNonNull(reason, "reason");
            }

            @Override
            public long authType() {
                return PERMISSION_DENIED;
            }
        }

        /**
         * An auth type other than 0, with the bytes after it. y-protocols auth.js defines no body for
         * other types and no length, so we keep everything up to the end of the frame as
         * {@code payload} (and re-encode it verbatim). y-protocols' {@code readAuthMessage} itself
         * reads nothing after an unknown auth type.
         *
         * @param authType the auth type, 1 .. 2^53 - 1
         * @param payload  the rest of the frame after the auth type
         */
        record Other(long authType, byte[] payload) implements Auth {
            /** lib0 varUint is limited to {@code Number.MAX_SAFE_INTEGER}. */
            private static final long MAX_VAR_UINT = (1L << 53) - 1;

            public Other {
                if (authType <= PERMISSION_DENIED || authType > MAX_VAR_UINT) {
                    throw new IllegalArgumentException("auth type must be in 1 .. 2^53 - 1 (0 is"
                            + " PermissionDenied): " + authType);
                }
                Bytes.require(payload, "payload");
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Other other && authType == other.authType
                        && Bytes.equal(payload, other.payload);
            }

            @Override
            public int hashCode() {
                return 31 * Long.hashCode(authType) + Bytes.hash(payload);
            }

            @Override
            public String toString() {
                return "Other[authType=" + authType + ", payload=" + Bytes.describe(payload) + "]";
            }
        }
    }

    /**
     * Message type 3: {@code varUint(3)}, no body. The receiver answers with an awareness message holding
     * all the awareness states it knows (y-websocket {@code messageHandlers[messageQueryAwareness]}).
     */
    record QueryAwareness() implements Message {
        /** The one value there is. */
        public static final QueryAwareness INSTANCE = new QueryAwareness();

        @Override
        public int type() {
            return QUERY_AWARENESS;
        }
    }
}
