package dev.promptcards.crdt.sync;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.Encoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads and writes y-websocket frames: the envelope of y-websocket {@code src/y-websocket.js} around
 * the sync messages of y-protocols {@code sync.js} and the auth messages of y-protocols {@code auth.js}.
 * Every integer on the wire is a lib0 varUint (y-protocols PROTOCOL.md "Base encoding approaches"),
 * every byte string a varUint8Array ({@code varUint(length) • bytes}).
 */
final class MessageCodec {

    private MessageCodec() {
    }

    // ---- writing ----

    static byte[] encode(Message message) {
        Encoder encoder = new Encoder(initialCapacity(message));
        writeMessage(encoder, message);
        return encoder.toByteArray();
    }

    static byte[] encode(List<? extends Message> messages) {
        int capacity = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (message instanceof Message.Auth.Other && i != messages.size() - 1) {
                // its payload is "the rest of the frame": a message after it would be read as payload
                throw new IllegalArgumentException("an Auth.Other message must be the last of a frame,"
                        + " but it is message " + i + " of " + messages.size());
            }
            capacity += initialCapacity(message);
        }
        Encoder encoder = new Encoder(Math.max(capacity, 1));
        for (Message message : messages) {
            writeMessage(encoder, message);
        }
        return encoder.toByteArray();
    }

    /** Enough for the message in most cases: type bytes, a length varUint and the payload. */
    private static int initialCapacity(Message message) {
        return switch (message) {
            case Message.Sync sync -> 12 + sync.message().payload().length;
            case Message.Awareness awareness -> 10 + awareness.update().length;
            case Message.Auth.PermissionDenied denied -> 12 + 3 * denied.reason().length();
            case Message.Auth.Other other -> 10 + other.payload().length;
            case Message.QueryAwareness query -> 1;
        };
    }

    private static void writeMessage(Encoder encoder, Message message) {
        // envelope: varUint(messageType) first (y-websocket: encoding.writeVarUint(encoder, messageSync) etc.)
        encoder.writeVarUint(message.type());
        switch (message) {
            case Message.Sync sync -> writeSyncMessage(encoder, sync.message());
            // y-websocket: encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(...))
            case Message.Awareness awareness -> encoder.writeVarUint8Array(awareness.update());
            case Message.Auth.PermissionDenied denied -> {
                // y-protocols auth.js writePermissionDenied: varUint(0) • varString(reason)
                encoder.writeVarUint(Message.Auth.PERMISSION_DENIED);
                encoder.writeVarString(denied.reason());
            }
            case Message.Auth.Other other -> {
                // unknown auth type: varUint(type) and the payload verbatim, as it was read (no length)
                encoder.writeVarUint(other.authType());
                encoder.writeUint8Array(other.payload());
            }
            case Message.QueryAwareness query -> {
                // y-websocket messageQueryAwareness: the type alone, no body
            }
        }
    }

    /**
     * y-protocols sync.js {@code writeSyncStep1} / {@code writeSyncStep2} / {@code writeUpdate}:
     * {@code varUint(syncType) • varUint8Array(payload)}.
     */
    private static void writeSyncMessage(Encoder encoder, SyncMessage message) {
        encoder.writeVarUint(message.type());
        encoder.writeVarUint8Array(message.payload());
    }

    // ---- reading ----

    static List<Message> decodeAll(byte[] frame, int offset, int length) {
        Decoder decoder = new Decoder(frame, offset, length);
        List<Message> messages = new ArrayList<>(2);
        // y-websocket readMessage: while (decoding.hasContent(decoder)) { read one message }
        while (decoder.hasContent()) {
            messages.add(readMessage(decoder));
        }
        return Collections.unmodifiableList(messages);
    }

    private static Message readMessage(Decoder decoder) {
        int start = decoder.position();
        long type = readVarUint(decoder, "message type", start);
        if (type == Message.SYNC) {
            return new Message.Sync(readSyncMessage(decoder, start));
        } else if (type == Message.AWARENESS) {
            return new Message.Awareness(readVarUint8Array(decoder, "awareness update", start));
        } else if (type == Message.AUTH) {
            return readAuthMessage(decoder, start);
        } else if (type == Message.QUERY_AWARENESS) {
            return Message.QueryAwareness.INSTANCE;
        }
        // y-websocket logs 'Unable to compute message' and reads on, which misreads the rest of the
        // frame (the unknown message's body has no length); we reject the frame instead.
        throw new ProtocolException("unknown message type " + type + " at offset " + start, start);
    }

    /** y-protocols sync.js {@code readSyncMessage}: varUint(syncType), then the varUint8Array payload. */
    private static SyncMessage readSyncMessage(Decoder decoder, int messageStart) {
        int at = decoder.position();
        long syncType = readVarUint(decoder, "sync message type", messageStart);
        if (syncType == SyncMessage.SYNC_STEP1) {
            // readSyncStep1: decoding.readVarUint8Array(decoder) is the state vector
            return new SyncMessage.SyncStep1(readVarUint8Array(decoder, "sync step 1 state vector", messageStart));
        } else if (syncType == SyncMessage.SYNC_STEP2) {
            return new SyncMessage.SyncStep2(readVarUint8Array(decoder, "sync step 2 update", messageStart));
        } else if (syncType == SyncMessage.UPDATE) {
            return new SyncMessage.Update(readVarUint8Array(decoder, "sync update", messageStart));
        }
        // sync.js readSyncMessage: default: throw new Error('Unknown message type')
        throw new ProtocolException("unknown sync message type " + syncType + " at offset " + at
                + " (in the sync message at offset " + messageStart + ")", at);
    }

    /**
     * y-protocols auth.js {@code readAuthMessage}: varUint(authType); type 0 (permission denied) is
     * followed by varString(reason). For any other type we keep the rest of the frame (see
     * {@link Message.Auth.Other}).
     */
    private static Message.Auth readAuthMessage(Decoder decoder, int messageStart) {
        long authType = readVarUint(decoder, "auth message type", messageStart);
        if (authType == Message.Auth.PERMISSION_DENIED) {
            int at = decoder.position();
            try {
                return new Message.Auth.PermissionDenied(decoder.readVarString());
            } catch (DecodeException e) {
                throw malformed("permission denied reason", messageStart, at, e);
            }
        }
        return new Message.Auth.Other(authType, decoder.readUint8Array(decoder.remaining()));
    }

    private static long readVarUint(Decoder decoder, String what, int messageStart) {
        int at = decoder.position();
        try {
            return decoder.readVarUint();
        } catch (DecodeException e) {
            throw malformed(what, messageStart, at, e);
        }
    }

    private static byte[] readVarUint8Array(Decoder decoder, String what, int messageStart) {
        int at = decoder.position();
        try {
            return decoder.readVarUint8Array();
        } catch (DecodeException e) {
            throw malformed(what, messageStart, at, e);
        }
    }

    private static ProtocolException malformed(String what, int messageStart, int at, DecodeException e) {
        int offset = e.offset() >= 0 ? e.offset() : at;
        return new ProtocolException("truncated or malformed " + what + " at offset " + offset
                + " (in the message at offset " + messageStart + "): " + e.getMessage(), offset, e);
    }
}
