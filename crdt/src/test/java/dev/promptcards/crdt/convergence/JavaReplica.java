package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.testing.TaggedJson;

import java.util.ArrayList;
import java.util.List;

/** A Java {@link Doc} edited by {@link RandomOps}. */
final class JavaReplica implements Replica {

    /** Origin of remote updates; every other update the doc emits is its own. */
    static final Object REMOTE = new Object() {
        @Override
        public String toString() {
            return "REMOTE";
        }
    };

    record Emitted(byte[] update, Object origin) { }

    private final String name;
    final Doc doc;
    private final List<Emitted> emitted = new ArrayList<>();
    private final Runnable unsubscribe;
    private final RandomOps.Options options;
    /** Descriptions of the ops of the last randomOps call. */
    List<String> lastTrace = List.of();

    JavaReplica(String name, long clientId, boolean gc, RandomOps.Options options) {
        this.name = name;
        this.doc = new Doc(clientId, gc);
        this.options = options;
        this.unsubscribe = doc.onUpdate((update, origin, tx) -> emitted.add(new Emitted(update, origin)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long clientId() {
        return doc.clientId();
    }

    @Override
    public boolean isJava() {
        return true;
    }

    /** Every update emitted since the last call, with its origin. */
    List<Emitted> drain() {
        List<Emitted> out = List.copyOf(emitted);
        emitted.clear();
        return out;
    }

    @Override
    public List<byte[]> randomOps(long seed, int count) {
        emitted.clear();
        lastTrace = RandomOps.apply(doc, seed, count, options);
        return drain().stream().map(Emitted::update).toList();
    }

    /** Applies the update and returns everything the doc emitted meanwhile, the echo included. */
    List<Emitted> applyAndDrain(byte[] update) {
        emitted.clear();
        Y.applyUpdate(doc, update, REMOTE);
        return drain();
    }

    @Override
    public List<byte[]> receive(byte[] update) {
        return applyAndDrain(update).stream().filter(e -> e.origin() != REMOTE).map(Emitted::update).toList();
    }

    @Override
    public byte[] state() {
        return Y.encodeStateAsUpdate(doc);
    }

    @Override
    public byte[] state(byte[] stateVector) {
        return Y.encodeStateAsUpdate(doc, stateVector);
    }

    @Override
    public byte[] stateVector() {
        return Y.encodeStateVector(doc);
    }

    @Override
    public String json() {
        return TaggedJson.canonical(doc.toJSON());
    }

    @Override
    public void close() {
        unsubscribe.run();
    }

    @Override
    public String toString() {
        return name + "(java, client " + clientId() + ")";
    }
}
