package dev.promptcards.crdt.updates;

import dev.promptcards.crdt.lib0.Encoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes v1 updates by hand, struct by struct, straight from the format (Yjs {@code writeStructs},
 * {@code Item#write}, {@code GC#write}, {@code Skip#write}, {@code writeDeleteSet}), independent of the
 * code under test. Runs and delete-set clients are written in the order given.
 * <pre>
 *   byte[] u = UpdateBytes.update()
 *       .run(1, 0, UpdateBytes.item().root("t").string("ab"), UpdateBytes.gc(2))
 *       .deleted(1, 0, 2)
 *       .build();
 * </pre>
 */
final class UpdateBytes {
    private final List<Encoder> runs = new ArrayList<>();
    private final Map<Long, List<long[]>> deleteSet = new LinkedHashMap<>();

    static UpdateBytes update() {
        return new UpdateBytes();
    }

    /** A run of consecutive structs of {@code client} starting at {@code clock}. */
    UpdateBytes run(long client, long clock, Struct... structs) {
        Encoder run = new Encoder();
        run.writeVarUint(structs.length);
        run.writeVarUint(client);
        run.writeVarUint(clock);
        for (Struct s : structs) {
            s.writer.accept(run);
        }
        runs.add(run);
        return this;
    }

    /** A deleted range of {@code client}. */
    UpdateBytes deleted(long client, long clock, long len) {
        deleteSet.computeIfAbsent(client, c -> new ArrayList<>()).add(new long[] {clock, len});
        return this;
    }

    byte[] build() {
        Encoder out = new Encoder();
        out.writeVarUint(runs.size());
        for (Encoder run : runs) {
            out.writeUint8Array(run.toByteArray());
        }
        out.writeVarUint(deleteSet.size());
        deleteSet.forEach((client, ranges) -> {
            out.writeVarUint(client);
            out.writeVarUint(ranges.size());
            for (long[] r : ranges) {
                out.writeVarUint(r[0]);
                out.writeVarUint(r[1]);
            }
        });
        return out.toByteArray();
    }

    /** One encoded struct. */
    record Struct(Consumer<Encoder> writer) { }

    static Struct gc(long len) {
        return new Struct(e -> {
            e.writeUint8(0); // structGCRefNumber
            e.writeVarUint(len);
        });
    }

    static Struct skip(long len) {
        return new Struct(e -> {
            e.writeUint8(10); // structSkipRefNumber
            e.writeVarUint(len);
        });
    }

    static ItemSpec item() {
        return new ItemSpec();
    }

    /** An item: set origins or a parent, then its content (which finishes the spec). */
    static final class ItemSpec {
        private long[] origin;
        private long[] rightOrigin;
        private String rootParent;
        private long[] parentId;
        private String parentSub;

        ItemSpec origin(long client, long clock) {
            origin = new long[] {client, clock};
            return this;
        }

        ItemSpec rightOrigin(long client, long clock) {
            rightOrigin = new long[] {client, clock};
            return this;
        }

        ItemSpec root(String name) {
            rootParent = name;
            return this;
        }

        ItemSpec parent(long client, long clock) {
            parentId = new long[] {client, clock};
            return this;
        }

        ItemSpec key(String key) {
            parentSub = key;
            return this;
        }

        Struct string(String s) {
            return content(4, e -> e.writeVarString(s));
        }

        Struct deleted(long len) {
            return content(1, e -> e.writeVarUint(len));
        }

        Struct any(Object... values) {
            return content(8, e -> {
                e.writeVarUint(values.length);
                for (Object v : values) {
                    e.writeAny(v);
                }
            });
        }

        Struct binary(byte[] bytes) {
            return content(3, e -> e.writeVarUint8Array(bytes));
        }

        /** ContentType with a type ref (0 YArray, 1 YMap, 2 YText, 4 YXmlFragment, 6 YXmlText). */
        Struct type(int typeRef) {
            return content(7, e -> e.writeVarUint(typeRef));
        }

        Struct format(String key, String json) {
            return content(6, e -> {
                e.writeVarString(key);
                e.writeVarString(json);
            });
        }

        Struct embed(String json) {
            return content(5, e -> e.writeVarString(json));
        }

        /** Content of any ref, written by {@code body}. */
        Struct content(int ref, Consumer<Encoder> body) {
            long[] o = origin;
            long[] r = rightOrigin;
            String root = rootParent;
            long[] pid = parentId;
            String sub = parentSub;
            return new Struct(e -> {
                // info (Yjs Item#write): bits 0-4 content ref, 0x20 parentSub, 0x40 rightOrigin, 0x80 origin
                e.writeUint8(ref | (o != null ? 0x80 : 0) | (r != null ? 0x40 : 0) | (sub != null ? 0x20 : 0));
                if (o != null) {
                    e.writeVarUint(o[0]);
                    e.writeVarUint(o[1]);
                }
                if (r != null) {
                    e.writeVarUint(r[0]);
                    e.writeVarUint(r[1]);
                }
                if (o == null && r == null) {
                    if (root != null) {
                        e.writeVarUint(1);
                        e.writeVarString(root);
                    } else {
                        e.writeVarUint(0);
                        e.writeVarUint(pid[0]);
                        e.writeVarUint(pid[1]);
                    }
                    if (sub != null) {
                        e.writeVarString(sub);
                    }
                }
                body.accept(e);
            });
        }
    }
}
