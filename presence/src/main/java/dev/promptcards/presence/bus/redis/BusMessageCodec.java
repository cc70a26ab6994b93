package dev.promptcards.presence.bus.redis;

import dev.promptcards.crdt.lib0.DecodeException;
import dev.promptcards.crdt.lib0.Decoder;
import dev.promptcards.crdt.lib0.Encoder;
import dev.promptcards.presence.bus.BusMessage;

/**
 * A {@link BusMessage} as the bytes of a Redis PUBLISH, in lib0 encoding: the format version (uint8, 1), the
 * kind as a stable code (varUint, see {@link #code}), the node id (varString), the sequence (varUint), the node
 * it is for (varString, empty for every node) and the payload (varUint8Array). Nothing may follow.
 */
final class BusMessageCodec {

    /** The format this class writes and the only one it reads. */
    static final int VERSION = 1;

    private BusMessageCodec() {
    }

    /**
     * Encodes a message.
     *
     * @param message the message
     * @return its bytes
     */
    static byte[] encode(BusMessage message) {
        Encoder encoder = new Encoder(message.payload().length + message.node().length() + 32);
        encoder.writeUint8(VERSION);
        encoder.writeVarUint(code(message.kind()));
        encoder.writeVarString(message.node());
        encoder.writeVarUint(message.sequence());
        encoder.writeVarString(message.to() == null ? "" : message.to());
        encoder.writeVarUint8Array(message.payload());
        return encoder.toByteArray();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @param bytes the bytes of a PUBLISH
     * @return the message
     * @throws Malformed if they are not a message of this format
     */
    static BusMessage decode(byte[] bytes) {
        String node = null;
        try {
            Decoder decoder = new Decoder(bytes);
            int version = decoder.readUint8();
            if (version != VERSION) {
                throw new Malformed("unsupported format version " + version, null);
            }
            long code = decoder.readVarUint();
            node = decoder.readVarString();
            if (node.isEmpty()) {
                throw new Malformed("no node id", null);
            }
            BusMessage.Kind kind = kind(code, node);
            long sequence = decoder.readVarUint();
            if (sequence < 1) {
                throw new Malformed("sequence 0", node);
            }
            String to = decoder.readVarString();
            byte[] payload = decoder.readVarUint8Array();
            if (decoder.hasContent()) {
                throw new Malformed("bytes after the payload", node);
            }
            return new BusMessage(kind, node, sequence, to.isEmpty() ? null : to, payload);
        } catch (DecodeException e) {
            throw new Malformed("not lib0 as expected: " + e.getMessage(), node);
        }
    }

    /** The stable code of a kind on the wire; never the ordinal, so that kinds can be added anywhere. */
    static int code(BusMessage.Kind kind) {
        return switch (kind) {
            case UPDATE -> 1;
            case AWARENESS -> 2;
            case SYNC_REQUEST -> 3;
            case SYNC_REPLY -> 4;
            case DELETED -> 5;
        };
    }

    private static BusMessage.Kind kind(long code, String node) {
        for (BusMessage.Kind kind : BusMessage.Kind.values()) {
            if (code(kind) == code) {
                return kind;
            }
        }
        throw new Malformed("unknown kind " + code, node);
    }

    /** Bytes that are not a bus message of this format. */
    static final class Malformed extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        /** The sending node as far as it could be read, or null. */
        private final transient String node;

        Malformed(String reason, String node) {
            super(reason);
            this.node = node;
        }

        /**
         * The node named in the message, if the decoder got that far.
         *
         * @return the node id or null
         */
        String node() {
            return node;
        }
    }
}
