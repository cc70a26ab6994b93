package dev.promptcards.loadtests.server;

import dev.promptcards.crdt.lib0.Decoder;

/**
 * Which (client, clock) pairs of inserted content a Yjs v1 update holds, read from its struct headers
 * without applying it: what a receiver of the bench got. A server that relays each update as it came
 * sends one character per update; one that relays diffs (Hocuspocus' Redis extension answers sync steps
 * across nodes) merges several characters, of several clients, into one update.
 *
 * <p>The layout is Yjs' UpdateDecoderV1 (yjs src/utils/encoding.js readClientsStructRefs, Item.js
 * readItemContent): per client, its structs from a first clock; an Item's info byte says which origins
 * and parent follow (BIT8 origin, BIT7 right origin, neither: parent info and, with BIT6, a parent sub)
 * and its low 5 bits the content, whose length advances the clock. Deleted content, GC and Skip
 * structs advance it without being counted. The delete set that follows is not read.
 */
final class UpdateClocks {

    /** Told each (client, clock) of inserted content. */
    interface Sink {
        void clock(long client, long clock);
    }

    private static final int BIT6 = 32;
    private static final int BIT7 = 64;
    private static final int BIT8 = 128;
    private static final int GC = 0;
    private static final int SKIP = 10;
    private static final int CONTENT_DELETED = 1;
    private static final int CONTENT_JSON = 2;
    private static final int CONTENT_BINARY = 3;
    private static final int CONTENT_STRING = 4;
    private static final int CONTENT_EMBED = 5;
    private static final int CONTENT_FORMAT = 6;
    private static final int CONTENT_TYPE = 7;
    private static final int CONTENT_ANY = 8;
    private static final int CONTENT_DOC = 9;
    /** ContentType's type refs that carry a name (YXmlElement, YXmlHook). */
    private static final long XML_ELEMENT = 3;
    private static final long XML_HOOK = 5;

    private UpdateClocks() {}

    /**
     * Tells {@code sink} each (client, clock) of inserted content in {@code update}.
     *
     * @throws IllegalArgumentException when the update is not a well-formed v1 update
     */
    static void read(byte[] update, Sink sink) {
        try {
            Decoder d = new Decoder(update);
            long clients = d.readVarUint();
            for (long c = 0; c < clients; c++) {
                long structs = d.readVarUint();
                long client = d.readVarUint();
                long clock = d.readVarUint();
                for (long s = 0; s < structs; s++) {
                    int info = d.readUint8();
                    int kind = info & 31;
                    if (kind == GC || kind == SKIP) {
                        clock += d.readVarUint();
                        continue;
                    }
                    long length = item(d, info);
                    if (kind != CONTENT_DELETED) {
                        for (long i = 0; i < length; i++) {
                            sink.clock(client, clock + i);
                        }
                    }
                    clock += length;
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Yjs v1 update: " + e.getMessage(), e);
        }
    }

    /** Reads an Item after its info byte; returns its content's length. */
    private static long item(Decoder d, int info) {
        boolean origins = (info & (BIT7 | BIT8)) != 0;
        if ((info & BIT8) != 0) {
            d.readVarUint();
            d.readVarUint();
        }
        if ((info & BIT7) != 0) {
            d.readVarUint();
            d.readVarUint();
        }
        if (!origins) {
            if (d.readVarUint() == 1) {
                d.readVarString(); // a root type's name
            } else {
                d.readVarUint(); // the parent item's ID
                d.readVarUint();
            }
            if ((info & BIT6) != 0) {
                d.readVarString(); // parent sub (a map key)
            }
        }
        return switch (info & 31) {
            case CONTENT_DELETED -> d.readVarUint();
            case CONTENT_JSON -> {
                long n = d.readVarUint();
                for (long i = 0; i < n; i++) {
                    d.readVarString();
                }
                yield n;
            }
            case CONTENT_BINARY -> {
                d.readVarUint8Array();
                yield 1;
            }
            case CONTENT_STRING -> d.readVarString().length(); // UTF-16 code units, as Yjs counts
            case CONTENT_EMBED -> {
                d.readVarString();
                yield 1;
            }
            case CONTENT_FORMAT -> {
                d.readVarString();
                d.readVarString();
                yield 1;
            }
            case CONTENT_TYPE -> {
                long ref = d.readVarUint();
                if (ref == XML_ELEMENT || ref == XML_HOOK) {
                    d.readVarString();
                }
                yield 1;
            }
            case CONTENT_ANY -> {
                long n = d.readVarUint();
                for (long i = 0; i < n; i++) {
                    d.readAny();
                }
                yield n;
            }
            case CONTENT_DOC -> {
                d.readVarString();
                d.readAny();
                yield 1;
            }
            default -> throw new IllegalArgumentException("unknown content " + (info & 31));
        };
    }
}
