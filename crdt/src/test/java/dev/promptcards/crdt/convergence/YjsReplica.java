package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.testing.TaggedJson;
import dev.promptcards.crdt.testing.YjsNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Y.Doc in the Node harness, edited by random-ops.mjs. */
final class YjsReplica implements Replica {

    private final String name;
    private final YjsNode node;
    final String doc;
    private final long clientId;
    private final RandomOps.Options options;

    YjsReplica(String name, YjsNode node, String doc, long clientId, boolean gc, RandomOps.Options options) {
        this.name = name;
        this.node = node;
        this.doc = doc;
        this.clientId = clientId;
        this.options = options;
        node.newDoc(doc, clientId, gc);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long clientId() {
        return clientId;
    }

    @Override
    public boolean isJava() {
        return false;
    }

    @Override
    public List<byte[]> randomOps(long seed, int count) {
        if (!options.splitSurrogates()) {
            return node.randomOps(doc, seed, count);
        }
        // applyRandomOps(doc, seed, count, options): needs the harness to pass `options` through
        Object r = node.call("randomOps", Map.of("doc", doc, "seed", seed, "count", count,
                "options", Map.of("splitSurrogates", true)));
        List<byte[]> out = new ArrayList<>();
        for (Object o : (List<?>) r) {
            out.add(YjsNode.b64(o));
        }
        return out;
    }

    /**
     * Everything the doc emitted while applying the update. The harness collects every 'update' event: the
     * first is the remote transaction's own (present whenever the update changed anything), any further
     * ones come from transactions the doc ran itself (formatting cleanup).
     */
    List<byte[]> applyAndCollect(byte[] update) {
        return node.applyUpdate(doc, update);
    }

    @Override
    public List<byte[]> receive(byte[] update) {
        List<byte[]> all = applyAndCollect(update);
        return all.size() <= 1 ? List.of() : all.subList(1, all.size());
    }

    @Override
    public byte[] state() {
        return node.encodeStateAsUpdate(doc);
    }

    @Override
    public byte[] state(byte[] stateVector) {
        return node.encodeStateAsUpdate(doc, stateVector);
    }

    @Override
    public byte[] stateVector() {
        return node.encodeStateVector(doc);
    }

    @Override
    public String json() {
        return TaggedJson.canonicalTagged(node.toJSON(doc));
    }

    @Override
    public void close() {
        try {
            node.dropDoc(doc);
        } catch (RuntimeException ignored) {
            // the harness may be gone after a failure; nothing to clean then
        }
    }

    @Override
    public String toString() {
        return name + "(yjs, client " + clientId + ")";
    }
}
