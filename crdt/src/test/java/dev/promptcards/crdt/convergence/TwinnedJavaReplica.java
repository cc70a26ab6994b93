package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.testing.YjsNode;

import java.util.Arrays;
import java.util.List;

/**
 * A Java replica with a Yjs twin: a Y.Doc in Node with the same client id and gc setting that performs the
 * same random ops (random-ops.mjs makes exactly the choices {@link RandomOps} makes) and receives the same
 * updates in the same order. Whatever the Java doc emits must be byte-identical to what the twin emits, at
 * every step; a difference throws {@link FuzzFailure} at once, naming the step. The twin is not a replica
 * of its own: only the Java doc's updates travel.
 */
final class TwinnedJavaReplica implements Replica {

    final JavaReplica java;
    final YjsReplica twin;
    private final YjsNode node;

    TwinnedJavaReplica(JavaReplica java, YjsReplica twin, YjsNode node) {
        this.java = java;
        this.twin = twin;
        this.node = node;
    }

    @Override
    public String name() {
        return java.name();
    }

    @Override
    public long clientId() {
        return java.clientId();
    }

    @Override
    public boolean isJava() {
        return true;
    }

    @Override
    public List<byte[]> randomOps(long seed, int count) {
        List<byte[]> j = java.randomOps(seed, count);
        List<byte[]> y = twin.randomOps(seed, count);
        String diff = Bytes.compareLists(node, "java", j, "yjs", y);
        if (diff != null) {
            throw new FuzzFailure(name() + ": the updates of randomOps(seed " + seed + ", count " + count
                    + ") differ between the Java doc and its Yjs twin (same state, same ops):\n" + diff
                    + "\n  Java ops: " + String.join("; ", java.lastTrace)
                    + "\n  (if the Yjs ops were different, RandomOps.java and random-ops.mjs are out of step)");
        }
        return j;
    }

    @Override
    public List<byte[]> receive(byte[] update) {
        List<JavaReplica.Emitted> j = java.applyAndDrain(update);
        List<byte[]> y = twin.applyAndCollect(update);
        String diff = Bytes.compareLists(node, "java", j.stream().map(JavaReplica.Emitted::update).toList(), "yjs", y);
        if (diff != null) {
            throw new FuzzFailure(name() + ": applying the same update emitted different updates in Java and in its "
                    + "Yjs twin:\n" + diff + "\n  the update: " + Bytes.describe(node, update));
        }
        // YjsReplica takes the first update the harness reports as the echo of the remote transaction and the
        // rest as the doc's own; the Java doc knows origins, so check that reading here
        for (int i = 0; i < j.size(); i++) {
            if ((j.get(i).origin() == JavaReplica.REMOTE) != (i == 0)) {
                throw new FuzzFailure(name() + ": while applying a remote update, update #" + i + " of " + j.size()
                        + " had origin " + j.get(i).origin() + " (expected: the remote transaction's first, only)");
            }
        }
        return j.stream().filter(e -> e.origin() != JavaReplica.REMOTE).map(JavaReplica.Emitted::update).toList();
    }

    /** Null when the Java doc and its twin have identical states (bytes, state vector, JSON), else the difference. */
    String compareWithTwin() {
        byte[] js = java.state();
        byte[] ys = twin.state();
        if (!Arrays.equals(js, ys)) {
            return name() + ": encodeStateAsUpdate differs between the Java doc and its Yjs twin:\n"
                    + Bytes.explain(node, "java", js, "yjs", ys);
        }
        byte[] jv = java.stateVector();
        byte[] yv = twin.stateVector();
        if (!Arrays.equals(jv, yv)) {
            return name() + ": encodeStateVector differs from the twin's: java " + Bytes.hex(jv) + ", yjs " + Bytes.hex(yv);
        }
        String jj = java.json();
        String yj = twin.json();
        if (!jj.equals(yj)) {
            return name() + ": toJSON differs from the twin's:\n" + Json.firstDifference("java", jj, "yjs", yj);
        }
        return null;
    }

    /** encodeStateAsUpdate(doc, sv) of both; must be equal. */
    @Override
    public byte[] state(byte[] stateVector) {
        byte[] j = java.state(stateVector);
        byte[] y = twin.state(stateVector);
        if (!Arrays.equals(j, y)) {
            throw new FuzzFailure(name() + ": encodeStateAsUpdate(doc, stateVector " + Bytes.hex(stateVector)
                    + ") differs between the Java doc and its Yjs twin:\n" + Bytes.explain(node, "java", j, "yjs", y));
        }
        return j;
    }

    @Override
    public byte[] state() {
        return java.state();
    }

    @Override
    public byte[] stateVector() {
        return java.stateVector();
    }

    @Override
    public String json() {
        return java.json();
    }

    @Override
    public void close() {
        java.close();
        twin.close();
    }

    @Override
    public String toString() {
        return name() + "(java + yjs twin, client " + clientId() + ")";
    }
}
