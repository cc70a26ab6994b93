package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.testing.YjsNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Randomized concurrent editing over an unreliable network, then convergence checks.
 *
 * <p>Editors (Yjs docs in Node, Java docs, each Java doc optionally with a Yjs twin) take turns doing a few
 * random ops. Every update an editor emits (its own ops, and the formatting-cleanup deletes Yjs makes after
 * remote text changes) is sent to every other editor: delayed by up to {@link #MAX_DELAY} rounds, sometimes
 * twice, delivered in random order, so updates arrive before the structs or deletes they depend on and
 * receivers hold them pending. Now and then a receiver gets its due updates as one {@code mergeUpdates}
 * (sometimes narrowed with {@code diffUpdate} to what it lacks), or another editor's
 * {@code encodeStateAsUpdate(doc, stateVector)} for a current, stale or empty state vector. Java's mergeUpdates /
 * diffUpdate results are checked byte for byte against Yjs's on the way.
 *
 * <p>At the end everything still in flight is delivered and every editor must have the same state vector,
 * the same JSON, and the same state: byte-identical {@code encodeStateAsUpdate} with gc off. With gc on,
 * Yjs replicas themselves may hold differently merged GC structs after nested types are deleted (see the
 * test class), so the states are compared after re-encoding each through a fresh doc (which merges
 * adjacent structs), while every Java doc must stay byte-identical to its Yjs twin at every step.
 *
 * <p>Deterministic for a given {@link FuzzConfig}; a run with fewer ops is a prefix of one with more
 * (up to the final flush), which is what shrinking relies on.
 */
final class ConvergenceFuzz {

    static final int MAX_OPS_PER_ROUND = 4;
    static final double DUPLICATE = 0.1;
    static final double DELAY = 0.35;
    static final int MAX_DELAY = 6;
    static final double MERGE = 0.12;
    static final double DIFF_AFTER_MERGE = 0.3;
    static final double SYNC = 0.04;
    static final int TWIN_CHECK_EVERY = 20;
    static final int TRACE_TAIL = 40;

    static final long[] YJS_CLIENTS = {101, 3000000001L, 77, 2147483648L};
    static final long[] JAVA_CLIENTS = {202, 2900000000L, 55, 4000000000L, 1, 150, 3000000000L};

    private static final AtomicLong RUNS = new AtomicLong();

    /** What the final check demands of the editors' states (twins are always compared byte for byte). */
    enum Checks {
        /** Same state vector, JSON and byte-identical encodeStateAsUpdate. */
        STRICT_BYTES,
        /** Same state vector and JSON; states byte-identical once re-encoded through a fresh doc. */
        CANONICAL_BYTES,
        /** Only each Java doc against its Yjs twin (for op mixes with which Yjs replicas diverge). */
        TWINS_ONLY
    }

    /** A run's settings. Without a node only Java editors (no twins) are possible. */
    record FuzzConfig(String label, long seed, int ops, boolean gc, int yjsEditors, int javaEditors, boolean twins,
                      RandomOps.Options options, Checks checks) {
        FuzzConfig withOps(int n) {
            return new FuzzConfig(label, seed, n, gc, yjsEditors, javaEditors, twins, options, checks);
        }

        FuzzConfig withSeed(long s) {
            return new FuzzConfig(label, s, ops, gc, yjsEditors, javaEditors, twins, options, checks);
        }

        String replay() {
            return "-Dcrdt.fuzz.seed=" + seed + " -Dcrdt.fuzz.ops=" + ops;
        }

        @Override
        public String toString() {
            return label + " seed=" + seed + " ops=" + ops + " gc=" + gc + " yjsEditors=" + yjsEditors + " javaEditors="
                    + javaEditors + (twins ? " (with Yjs twins)" : "")
                    + (options.splitSurrogates() ? " splitSurrogates" : "") + " checks=" + checks;
        }
    }

    record FuzzResult(int rounds, int ops, int messages, long deliveries, int merges, int diffs, int syncs, int cleanups,
                      boolean rawStatesIdentical, long millis) { }

    private record Msg(int id, String from, String kind, byte[] update) { }

    private record InFlight(Msg msg, int due) { }

    private final FuzzConfig config;
    private final YjsNode node;
    private final Prng rng;
    private final List<Replica> editors = new ArrayList<>();
    private final Map<Replica, List<InFlight>> inbox = new IdentityHashMap<>();
    private final Map<Replica, byte[]> lastSv = new IdentityHashMap<>();
    private final List<Msg> messages = new ArrayList<>();
    private final Deque<String> traceTail = new ArrayDeque<>();
    private final List<String> fullTrace = new ArrayList<>();
    private final String prefix;
    private int round;
    private int opsDone;
    private long deliveries;
    private int merges;
    private int diffs;
    private int syncs;
    private int cleanups;

    private ConvergenceFuzz(FuzzConfig config, YjsNode node) {
        this.config = config;
        this.node = node;
        this.rng = new Prng(config.seed() ^ 0x5DEECE66DL);
        this.prefix = "cf" + RUNS.incrementAndGet() + "-";
    }

    /** Runs the config; throws {@link FuzzFailure} (seed, step, trace tail, replay hint) on any divergence. */
    static FuzzResult run(FuzzConfig config, YjsNode node) {
        return new ConvergenceFuzz(config, node).run();
    }

    private FuzzResult run() {
        long t0 = System.nanoTime();
        try {
            createEditors();
            for (Replica r : editors) {
                r.randomOps(0, 0); // defines the card's top-level types, emits nothing
            }
            while (opsDone < config.ops()) {
                round++;
                editRound();
                deliverDue();
                if (rng.nextBool(SYNC)) {
                    sync();
                }
                if (round % TWIN_CHECK_EVERY == 0) {
                    checkTwins();
                }
            }
            flush();
            boolean raw = checkConverged();
            return new FuzzResult(round, opsDone, messages.size(), deliveries, merges, diffs, syncs, cleanups, raw,
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (FuzzFailure | RuntimeException e) {
            String msg = "CRDT convergence fuzz failed: " + config + "\n  at round " + round + " after " + opsDone
                    + " ops (" + messages.size() + " updates sent)\n" + String.valueOf(e.getMessage()).strip()
                    + (e instanceof RuntimeException ? "\n  (exception " + e.getClass().getName() + ")" : "")
                    + "\n--- last events ---\n" + String.join("\n", traceTail)
                    + "\n--- replay: " + config.replay() + dump();
            FuzzFailure f = new FuzzFailure(msg, e);
            f.setStackTrace(e.getStackTrace());
            throw f;
        } finally {
            for (Replica r : editors) {
                r.close();
            }
        }
    }

    // ---- setup ----------------------------------------------------------------------------------------

    private void createEditors() {
        if (config.yjsEditors() > YJS_CLIENTS.length || config.javaEditors() > JAVA_CLIENTS.length) {
            throw new IllegalArgumentException("too many editors: " + config);
        }
        for (int i = 0; i < config.yjsEditors(); i++) {
            editors.add(new YjsReplica("Y" + i, node, prefix + "Y" + i, YJS_CLIENTS[i], config.gc(), config.options()));
        }
        for (int i = 0; i < config.javaEditors(); i++) {
            JavaReplica j = new JavaReplica("J" + i, JAVA_CLIENTS[i], config.gc(), config.options());
            if (config.twins()) {
                YjsReplica twin = new YjsReplica("J" + i + "'", node, prefix + "J" + i + "-twin", JAVA_CLIENTS[i], config.gc(),
                        config.options());
                editors.add(new TwinnedJavaReplica(j, twin, node));
            } else {
                editors.add(j);
            }
        }
        for (Replica r : editors) {
            inbox.put(r, new ArrayList<>());
        }
    }

    // ---- rounds ---------------------------------------------------------------------------------------

    private void trace(String event) {
        String e = "r" + round + " " + event;
        traceTail.addLast(e);
        while (traceTail.size() > TRACE_TAIL) {
            traceTail.removeFirst();
        }
        fullTrace.add(e);
    }

    private void editRound() {
        Replica e = rng.pick(editors);
        int n = Math.min(rng.nextInt(1, MAX_OPS_PER_ROUND), config.ops() - opsDone);
        long seed = rng.nextSeed();
        trace(e.name() + " randomOps(seed " + seed + ", " + n + ")");
        List<byte[]> updates = e.randomOps(seed, n);
        opsDone += n;
        if (e instanceof TwinnedJavaReplica t) {
            trace("  ops: " + String.join("; ", t.java.lastTrace));
        } else if (e instanceof JavaReplica j) {
            trace("  ops: " + String.join("; ", j.lastTrace));
        }
        broadcast(e, updates, "ops");
    }

    private void broadcast(Replica from, List<byte[]> updates, String kind) {
        for (byte[] u : updates) {
            Msg m = new Msg(messages.size(), from.name(), kind, u);
            messages.add(m);
            StringBuilder where = new StringBuilder();
            for (Replica r : editors) {
                if (r == from) {
                    continue;
                }
                int copies = rng.nextBool(DUPLICATE) ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    int delay = rng.nextBool(DELAY) ? rng.nextInt(1, MAX_DELAY) : 0;
                    inbox.get(r).add(new InFlight(m, round + delay));
                    where.append(' ').append(r.name()).append(delay > 0 ? "+" + delay : "");
                }
            }
            trace("  sent m" + m.id() + " (" + kind + " of " + from.name() + ", " + u.length + " bytes) to" + where);
        }
    }

    private List<Replica> shuffled(List<Replica> list) {
        List<Replica> l = new ArrayList<>(list);
        for (int i = l.size() - 1; i > 0; i--) {
            int j = rng.nextInt(0, i);
            Replica t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
        }
        return l;
    }

    private void deliverDue() {
        for (Replica r : shuffled(editors)) {
            deliver(r, false);
        }
    }

    /** Delivers r's due updates (all of them when everything), in random order, maybe merged. */
    private void deliver(Replica r, boolean everything) {
        List<InFlight> box = inbox.get(r);
        List<InFlight> due = new ArrayList<>();
        List<InFlight> rest = new ArrayList<>();
        for (InFlight f : box) {
            (everything || f.due() <= round ? due : rest).add(f);
        }
        if (due.isEmpty()) {
            return;
        }
        box.clear();
        box.addAll(rest);
        for (int i = due.size() - 1; i > 0; i--) {
            int j = rng.nextInt(0, i);
            InFlight t = due.get(i);
            due.set(i, due.get(j));
            due.set(j, t);
        }
        if (due.size() >= 2 && rng.nextBool(MERGE)) {
            List<byte[]> updates = due.stream().map(f -> f.msg().update()).toList();
            String ids = String.join(",", due.stream().map(f -> "m" + f.msg().id()).toList());
            byte[] merged = mergeUpdates(updates, ids);
            merges++;
            if (rng.nextBool(DIFF_AFTER_MERGE)) {
                byte[] sv = r.stateVector();
                merged = diffUpdate(merged, sv, ids);
                diffs++;
                trace("deliver diffUpdate(mergeUpdates[" + ids + "], sv of " + r.name() + ") -> " + r.name());
            } else {
                trace("deliver mergeUpdates[" + ids + "] -> " + r.name());
            }
            receive(r, merged);
        } else {
            for (InFlight f : due) {
                trace("deliver m" + f.msg().id() + " (" + f.msg().kind() + " of " + f.msg().from() + ") -> " + r.name());
                receive(r, f.msg().update());
            }
        }
    }

    private void receive(Replica r, byte[] update) {
        deliveries++;
        List<byte[]> own = r.receive(update);
        if (!own.isEmpty()) {
            cleanups += own.size();
            broadcast(r, own, "cleanup");
        }
    }

    private byte[] mergeUpdates(List<byte[]> updates, String ids) {
        byte[] java;
        try {
            java = Y.mergeUpdates(updates);
        } catch (RuntimeException e) {
            throw new FuzzFailure("Java Y.mergeUpdates([" + ids + "]) threw " + e, e);
        }
        if (node != null) {
            byte[] yjs = node.mergeUpdates(updates);
            if (!Arrays.equals(java, yjs)) {
                throw new FuzzFailure("Y.mergeUpdates([" + ids + "]) differs between Java and Yjs:\n"
                        + Bytes.explain(node, "java", java, "yjs", yjs) + inputs(updates));
            }
            byte[] javaSv = Y.encodeStateVectorFromUpdate(java);
            byte[] yjsSv = node.encodeStateVectorFromUpdate(yjs);
            if (!Arrays.equals(javaSv, yjsSv)) {
                throw new FuzzFailure("Y.encodeStateVectorFromUpdate(mergeUpdates[" + ids + "]) differs between Java ("
                        + Bytes.hex(javaSv) + ") and Yjs (" + Bytes.hex(yjsSv) + ")" + inputs(updates));
            }
        }
        return java;
    }

    private byte[] diffUpdate(byte[] update, byte[] sv, String ids) {
        byte[] java;
        try {
            java = Y.diffUpdate(update, sv);
        } catch (RuntimeException e) {
            throw new FuzzFailure("Java Y.diffUpdate(mergeUpdates[" + ids + "], " + Bytes.hex(sv) + ") threw " + e, e);
        }
        if (node != null) {
            byte[] yjs = node.diffUpdate(update, sv);
            if (!Arrays.equals(java, yjs)) {
                throw new FuzzFailure("Y.diffUpdate(mergeUpdates[" + ids + "], sv " + Bytes.hex(sv)
                        + ") differs between Java and Yjs:\n" + Bytes.explain(node, "java", java, "yjs", yjs)
                        + "\n  merged update: " + Base64.getEncoder().encodeToString(update));
            }
        }
        return java;
    }

    private static String inputs(List<byte[]> updates) {
        StringBuilder sb = new StringBuilder("\n  inputs (base64):");
        for (byte[] u : updates) {
            sb.append("\n    ").append(Base64.getEncoder().encodeToString(u));
        }
        return sb.toString();
    }

    /** b receives encodeStateAsUpdate(a, sv): b's current sv, a stale one (from b's last sync) or an empty one. */
    private void sync() {
        Replica a = rng.pick(editors);
        Replica b = rng.pick(editors);
        if (a == b) {
            return;
        }
        byte[] current = b.stateVector();
        double r = rng.next();
        String which;
        byte[] sv;
        if (r < 0.15) {
            sv = new byte[] {0}; // an empty state vector: a's whole state, as a joining client gets it
            which = "empty sv";
        } else if (r < 0.55 && lastSv.containsKey(b)) {
            sv = lastSv.get(b);
            which = "stale sv of " + b.name();
        } else {
            sv = current;
            which = "sv of " + b.name();
        }
        lastSv.put(b, current);
        byte[] diff = a.state(sv);
        syncs++;
        trace("sync encodeStateAsUpdate(" + a.name() + ", " + which + ") -> " + b.name() + " (" + diff.length + " bytes)");
        receive(b, diff);
    }

    private void checkTwins() {
        for (Replica r : editors) {
            if (r instanceof TwinnedJavaReplica t) {
                String d = t.compareWithTwin();
                if (d != null) {
                    throw new FuzzFailure(d);
                }
            }
        }
    }

    private void flush() {
        int passes = 0;
        while (inbox.values().stream().anyMatch(l -> !l.isEmpty())) {
            if (++passes > 200) {
                throw new FuzzFailure("updates keep coming after 200 flush passes (cleanup ping-pong?)");
            }
            round++;
            trace("flush pass " + passes);
            for (Replica r : shuffled(editors)) {
                deliver(r, true);
            }
        }
    }

    // ---- final checks ---------------------------------------------------------------------------------

    /** Returns whether the raw states were byte-identical across editors. */
    private boolean checkConverged() {
        checkTwins();
        if (config.checks() == Checks.TWINS_ONLY) {
            return false;
        }
        Replica first = editors.get(0);
        byte[] sv0 = first.stateVector();
        String json0 = first.json();
        byte[] state0 = first.state();
        for (Replica r : editors.subList(1, editors.size())) {
            byte[] sv = r.stateVector();
            if (!Arrays.equals(sv0, sv)) {
                throw new FuzzFailure("state vectors differ after the flush: " + first.name() + " " + svText(sv0) + ", "
                        + r.name() + " " + svText(sv));
            }
        }
        for (Replica r : editors.subList(1, editors.size())) {
            String json = r.json();
            if (!json0.equals(json)) {
                throw new FuzzFailure("JSON differs after the flush between " + first.name() + " and " + r.name() + ":\n"
                        + Json.firstDifference(first.name(), json0, r.name(), json));
            }
        }
        boolean rawIdentical = true;
        Map<Replica, byte[]> states = new LinkedHashMap<>();
        states.put(first, state0);
        for (Replica r : editors.subList(1, editors.size())) {
            byte[] s = r.state();
            states.put(r, s);
            if (!Arrays.equals(state0, s)) {
                rawIdentical = false;
                if (config.checks() == Checks.STRICT_BYTES) {
                    throw new FuzzFailure("encodeStateAsUpdate differs after the flush between " + first.name() + " and "
                            + r.name() + " (gc " + config.gc() + "):\n" + Bytes.explain(node, first.name(), state0, r.name(), s));
                }
            }
        }
        // canonical form: the state re-encoded by a fresh doc (merges what can be merged)
        Map<String, byte[]> canon = new HashMap<>();
        byte[] canon0 = null;
        Replica canonFirst = null;
        for (Map.Entry<Replica, byte[]> e : states.entrySet()) {
            String key = Base64.getEncoder().encodeToString(e.getValue());
            byte[] c = canon.get(key);
            if (c == null) {
                c = canonical(e.getKey().name(), e.getValue());
                canon.put(key, c);
            }
            if (canon0 == null) {
                canon0 = c;
                canonFirst = e.getKey();
            } else if (!Arrays.equals(canon0, c)) {
                throw new FuzzFailure("the states of " + canonFirst.name() + " and " + e.getKey().name()
                        + " differ even after re-encoding through a fresh doc:\n"
                        + Bytes.explain(node, canonFirst.name(), canon0, e.getKey().name(), c));
            }
        }
        return rawIdentical;
    }

    /**
     * The state re-encoded through a fresh doc: by Yjs when there is a node (and then Java's re-encoding
     * must be identical), else by Java.
     */
    private byte[] canonical(String whose, byte[] state) {
        Doc fresh = new Doc(999_999_937L, config.gc());
        Y.applyUpdate(fresh, state);
        byte[] java = Y.encodeStateAsUpdate(fresh);
        if (node == null) {
            return java;
        }
        String doc = prefix + "canonical";
        node.newDoc(doc, 999_999_937L, config.gc());
        try {
            node.applyUpdate(doc, state);
            byte[] yjs = node.encodeStateAsUpdate(doc);
            if (!Arrays.equals(java, yjs)) {
                throw new FuzzFailure("the final state of " + whose + " applied to a fresh doc re-encodes differently in "
                        + "Java and Yjs:\n" + Bytes.explain(node, "java", java, "yjs", yjs)
                        + "\n  state (base64): " + Base64.getEncoder().encodeToString(state));
            }
            return yjs;
        } finally {
            node.dropDoc(doc);
        }
    }

    private static String svText(byte[] sv) {
        try {
            return Y.decodeStateVector(sv).toString();
        } catch (RuntimeException e) {
            return Bytes.hex(sv);
        }
    }

    /** Writes the full event log and every update sent to target/crdt-fuzz; returns a line saying where. */
    private String dump() {
        try {
            Path dir = Path.of("target", "crdt-fuzz");
            Files.createDirectories(dir);
            Path file = dir.resolve(config.label().replaceAll("[^A-Za-z0-9_-]", "_") + "-seed" + config.seed() + "-ops"
                    + config.ops() + ".txt");
            StringBuilder sb = new StringBuilder();
            sb.append("# ").append(config).append('\n');
            for (Replica r : editors) {
                sb.append("# editor ").append(r).append('\n');
            }
            sb.append("# events\n");
            fullTrace.forEach(l -> sb.append(l).append('\n'));
            sb.append("# updates: id from kind base64\n");
            for (Msg m : messages) {
                sb.append('m').append(m.id()).append(' ').append(m.from()).append(' ').append(m.kind()).append(' ')
                        .append(Base64.getEncoder().encodeToString(m.update())).append('\n');
            }
            Files.writeString(file, sb.toString());
            return "\n--- full event log and every update: " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "\n(could not write the event log: " + e + ")";
        }
    }
}
