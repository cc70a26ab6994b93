package dev.promptcards.crdt.testing;

import dev.promptcards.crdt.lib0.JsJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real Yjs, run by Node: starts {@code node harness.mjs} (crdt/src/test/js) and exchanges JSON lines with
 * it, one request {@code {id, cmd, ...args}} and one response {@code {id, ok, result | error}} at a time.
 * Binary values travel as base64; values JSON cannot carry use the tagged form of {@link TaggedJson}.
 *
 * <p>Use {@link #shared()} (one process per JVM, docs named per test to avoid clashes) or
 * {@link #start()} (a process of one's own, closed by the caller). The harness directory is the system
 * property {@code promptcards.yjs.harness.dir} (set by the Maven build), else {@code src/test/js} or
 * {@code crdt/src/test/js} under the working directory; the node binary is {@code $PROMPTCARDS_NODE} or
 * {@code node} on the PATH.
 */
public final class YjsNode implements AutoCloseable {

    /** Default bound for one request; a hang guard, not a performance assertion. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static YjsNode shared;

    private final Path dir;
    private final String node;
    private Process process;
    private OutputStream stdin;
    private Thread stdoutReader;
    private Thread stderrReader;
    private final Map<Long, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean dead;
    private volatile boolean closed;

    private YjsNode(Path dir, String node) {
        this.dir = dir;
        this.node = node;
    }

    /** Starts a harness process of its own; close it when done. */
    public static YjsNode start() {
        YjsNode n = new YjsNode(harnessDir(), nodeBinary());
        n.launch();
        return n;
    }

    /** One harness process for the whole JVM (closed by a shutdown hook); restarted if it died. */
    public static synchronized YjsNode shared() {
        if (shared == null || shared.closed) {
            shared = start();
            YjsNode s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "yjs-node-shutdown"));
        }
        return shared;
    }

    // ------------------------------------------------------------------------------------------
    // process

    static Path harnessDir() {
        String prop = System.getProperty("promptcards.yjs.harness.dir");
        List<Path> candidates = new ArrayList<>();
        if (prop != null && !prop.isBlank()) {
            candidates.add(Path.of(prop));
        }
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve("src/test/js"));
        candidates.add(cwd.resolve("crdt/src/test/js"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("harness.mjs"))) {
                if (!Files.isDirectory(c.resolve("node_modules/yjs"))) {
                    throw new IllegalStateException("Yjs is not installed in " + c
                            + ": run `npm ci` there (the Maven build does it in generate-test-resources)");
                }
                return c;
            }
        }
        throw new IllegalStateException("harness.mjs not found; looked in " + candidates
                + " (set -Dpromptcards.yjs.harness.dir=.../crdt/src/test/js)");
    }

    static String nodeBinary() {
        String env = System.getenv("PROMPTCARDS_NODE");
        return env != null && !env.isBlank() ? env : "node";
    }

    private synchronized void launch() {
        ProcessBuilder pb = new ProcessBuilder(node, "harness.mjs").directory(dir.toFile());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start `" + node + " harness.mjs` in " + dir
                    + ": is Node.js (20+) installed and on the PATH? (or set PROMPTCARDS_NODE) - " + e.getMessage(), e);
        }
        dead = false;
        stdin = process.getOutputStream();
        Process p = process;
        stdoutReader = new Thread(() -> readStdout(p), "yjs-node-stdout");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        stderrReader = new Thread(() -> readStderr(p.getErrorStream()), "yjs-node-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
        Object pong = call("ping", args(), Duration.ofSeconds(60));
        if (!(pong instanceof Map<?, ?>)) {
            throw new IllegalStateException("harness did not answer ping: " + pong + stderrText());
        }
    }

    private void readStdout(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                Map<String, Object> msg;
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) JsJson.parse(line);
                    msg = m;
                } catch (RuntimeException e) {
                    addStderr("[stdout, not a response] " + abbreviate(line, 500) + " (" + e + ")");
                    continue;
                }
                Object id = msg.get("id");
                CompletableFuture<Map<String, Object>> f = id instanceof Number n ? pending.remove(n.longValue()) : null;
                if (f != null) {
                    f.complete(msg);
                } else {
                    addStderr("[stdout, unmatched response] " + abbreviate(line, 500));
                }
            }
        } catch (IOException e) {
            addStderr("[stdout closed] " + e);
        } finally {
            died(p);
        }
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                addStderr(line);
            }
        } catch (IOException ignored) {
            // the process is gone; readStdout reports it
        }
    }

    private void addStderr(String line) {
        synchronized (stderrTail) {
            stderrTail.addLast(line);
            while (stderrTail.size() > 200) {
                stderrTail.removeFirst();
            }
        }
    }

    private String stderrText() {
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "\n--- node stderr (last lines) ---\n" + String.join("\n", stderrTail);
        }
    }

    private void died(Process p) {
        if (p != process) {
            return; // an earlier process (killed after a timeout) that has been replaced
        }
        dead = true;
        try {
            p.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String why = "the Yjs harness (node harness.mjs) exited"
                + (!p.isAlive() ? " with code " + p.exitValue() : "") + stderrText();
        for (Long id : List.copyOf(pending.keySet())) {
            CompletableFuture<Map<String, Object>> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(new IllegalStateException(why));
            }
        }
    }

    /** Stops the Node process. */
    @Override
    public synchronized void close() {
        closed = true;
        if (process != null && process.isAlive()) {
            try {
                stdin.close();
            } catch (IOException ignored) {
                // killed below anyway
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // requests

    /** A request the harness answered with {@code ok:false} (Yjs threw): message and JS error type. */
    public static final class YjsError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        YjsError(String cmd, String message, String errorType, String stack) {
            super("Yjs harness `" + cmd + "` failed: " + errorType + ": " + message
                    + (stack == null ? "" : "\n" + stack));
            this.errorType = errorType;
        }

        /** The JS error's constructor name, e.g. {@code TypeError}, {@code RangeError}, {@code Error}. */
        public String errorType() {
            return errorType;
        }
    }

    /** Sends {@code cmd} with {@code args} and returns the (JsJson-parsed) result, waiting {@link #DEFAULT_TIMEOUT}. */
    public Object call(String cmd, Map<String, ?> args) {
        return call(cmd, args, DEFAULT_TIMEOUT);
    }

    /**
     * Sends {@code cmd} with {@code args} and returns the (JsJson-parsed) result. Throws {@link YjsError}
     * when the harness reports an error; {@link IllegalStateException} (with Node's stderr) when the
     * process died or did not answer within {@code timeout} (then it is killed and restarted by the next
     * call, losing its docs).
     */
    public Object call(String cmd, Map<String, ?> args, Duration timeout) {
        if (closed) {
            throw new IllegalStateException("YjsNode is closed");
        }
        synchronized (this) {
            if (dead) {
                launch();
            }
        }
        long id = ids.incrementAndGet();
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("id", id);
        req.put("cmd", cmd);
        args.forEach(req::put);
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        String line = JsJson.stringify(req) + "\n";
        try {
            synchronized (this) {
                stdin.write(line.getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            died(process);
            throw new IllegalStateException("cannot write to the Yjs harness: " + e + stderrText(), e);
        }
        Map<String, Object> resp;
        try {
            resp = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.remove(id);
            process.destroyForcibly();
            throw new IllegalStateException("the Yjs harness did not answer `" + cmd + "` within " + timeout
                    + " (killed; restarted on the next call)" + stderrText());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Yjs harness", e);
        }
        if (Boolean.TRUE.equals(resp.get("ok"))) {
            return resp.get("result");
        }
        throw new YjsError(cmd, String.valueOf(resp.get("error")), String.valueOf(resp.get("errorType")),
                resp.get("stack") instanceof String s ? s : null);
    }

    // ------------------------------------------------------------------------------------------
    // lib0 primitives

    /** The bytes lib0's {@code fn} (e.g. {@code writeVarInt}, {@code writeAny}) writes for {@code value} (Java value model). */
    public byte[] lib0Encode(String fn, Object value) {
        return b64(call("lib0Encode", args("fn", fn, "value", TaggedJson.toTagged(value))));
    }

    /** The bytes lib0's {@code fn} writes for the values one after the other. */
    public byte[] lib0EncodeAll(String fn, List<?> values) {
        List<Object> tagged = new ArrayList<>();
        values.forEach(v -> tagged.add(TaggedJson.toTagged(v)));
        return b64(call("lib0Encode", args("fn", fn, "values", tagged)));
    }

    /** What lib0 read back: the value (Java value model, from the tagged form) and the decoder position after it. */
    public record Decoded(Object value, Object tagged, int position) { }

    /** Reads one value from {@code bytes} with lib0's read function matching {@code fn} ({@code readAny} or {@code writeAny}). */
    public Decoded lib0Decode(String fn, byte[] bytes) {
        Map<String, Object> r = map(call("lib0Decode", args("fn", fn, "bytes", b64(bytes))));
        return new Decoded(TaggedJson.fromTagged(r.get("value")), r.get("value"), ((Number) r.get("position")).intValue());
    }

    // ------------------------------------------------------------------------------------------
    // docs

    /** Creates (or replaces) the Y.Doc {@code doc} with this clientID and gc setting. */
    public void newDoc(String doc, long clientId, boolean gc) {
        call("newDoc", args("doc", doc, "clientId", clientId, "gc", gc));
    }

    /** {@link #newDoc(String, long, boolean)} with gc on, as Yjs defaults. */
    public void newDoc(String doc, long clientId) {
        newDoc(doc, clientId, true);
    }

    /** Destroys and forgets the doc {@code doc}. */
    public void dropDoc(String doc) {
        call("dropDoc", args("doc", doc));
    }

    /** Destroys and forgets every doc. */
    public void reset() {
        call("reset", args());
    }

    /** {@code Y.applyUpdate(doc, update)}; returns the updates the doc emitted (normally one or none). */
    public List<byte[]> applyUpdate(String doc, byte[] update) {
        return b64List(call("applyUpdate", args("doc", doc, "update", b64(update))));
    }

    /** {@code Y.encodeStateAsUpdate(doc)}. */
    public byte[] encodeStateAsUpdate(String doc) {
        return b64(call("encodeStateAsUpdate", args("doc", doc)));
    }

    /** {@code Y.encodeStateAsUpdate(doc, stateVector)}. */
    public byte[] encodeStateAsUpdate(String doc, byte[] stateVector) {
        return b64(call("encodeStateAsUpdate", args("doc", doc, "stateVector", b64(stateVector))));
    }

    /** {@code Y.encodeStateVector(doc)}. */
    public byte[] encodeStateVector(String doc) {
        return b64(call("encodeStateVector", args("doc", doc)));
    }

    /**
     * The doc's JSON in tagged form with object keys sorted recursively: every name in {@code doc.share},
     * each as its type's {@code toJSON()} (untyped roots: kind inferred from the content; see
     * {@link #toJSON(String, Map)}).
     */
    public Object toJSON(String doc) {
        return call("toJSON", args("doc", doc));
    }

    /** {@link #toJSON(String)} with kinds for untyped roots: name -> text | map | array | xml. */
    public Object toJSON(String doc, Map<String, String> types) {
        return call("toJSON", args("doc", doc, "types", types));
    }

    /** {@link #toJSON(String)} as a canonical JSON string (compare with {@link TaggedJson#canonical}). */
    public String toJSONString(String doc) {
        return JsJson.stringify(toJSON(doc));
    }

    /** {@code toDelta()} of the text (or XML text) at {@code target} (a root name or a path list), tagged. */
    public Object delta(String doc, Object target) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("doc", doc);
        Ops.putTarget(a, target);
        return call("delta", a);
    }

    /**
     * Runs the ops ({@link Ops}) on the doc, each top-level op in its own transaction ({@code transact}
     * groups), and returns the v1 updates the doc emitted, one per transaction that changed something.
     */
    public List<byte[]> script(String doc, List<Map<String, Object>> ops) {
        return b64List(call("script", args("doc", doc, "ops", ops)));
    }

    /** {@link #script(String, List)} with varargs. */
    @SafeVarargs
    public final List<byte[]> script(String doc, Map<String, Object>... ops) {
        return script(doc, List.of(ops));
    }

    // ------------------------------------------------------------------------------------------
    // doc-free update functions

    /** {@code Y.mergeUpdates(updates)}. */
    public byte[] mergeUpdates(List<byte[]> updates) {
        List<String> l = new ArrayList<>();
        updates.forEach(u -> l.add(b64(u)));
        return b64(call("mergeUpdates", args("updates", l)));
    }

    /** {@code Y.diffUpdate(update, stateVector)}. */
    public byte[] diffUpdate(byte[] update, byte[] stateVector) {
        return b64(call("diffUpdate", args("update", b64(update), "stateVector", b64(stateVector))));
    }

    /** {@code Y.encodeStateVectorFromUpdate(update)}. */
    public byte[] encodeStateVectorFromUpdate(byte[] update) {
        return b64(call("encodeStateVectorFromUpdate", args("update", b64(update))));
    }

    /** {@code Y.decodeStateVector(sv)} as client -> clock. */
    public Map<Long, Long> decodeStateVector(byte[] stateVector) {
        Map<Long, Long> out = new LinkedHashMap<>();
        map(call("decodeStateVector", args("stateVector", b64(stateVector))))
                .forEach((k, v) -> out.put(Long.parseLong(k), ((Number) v).longValue()));
        return out;
    }

    /** A readable dump of an update ({@code Y.decodeUpdate}), for failure messages; the error text if Yjs cannot read it. */
    public String describeUpdate(byte[] update) {
        try {
            return JsJson.stringify(call("decodeUpdate", args("update", b64(update))));
        } catch (RuntimeException e) {
            return "(Yjs cannot decode it: " + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }

    /**
     * Builds a v1 update with Yjs's own struct classes and encoder (for content Yjs no longer writes, such
     * as ContentJSON, and for odd shapes). Spec: see {@code craftUpdate} in harness.mjs and {@link Craft}.
     */
    public byte[] craftUpdate(Map<String, Object> spec) {
        return b64(call("craftUpdate", spec));
    }

    // ------------------------------------------------------------------------------------------
    // many inputs at once (malformed-update tests)

    /** What Yjs did with one update: threw ({@code error}), or applied it (state as update, strict JSON). */
    public record ApplyOutcome(boolean ok, String error, byte[] state, Object json) { }

    /**
     * For each update: a fresh Y.Doc (gc, clientID 4242) gets {@code base} and the typed roots ({@code types}:
     * name -> text | map | array | xml), then {@code Y.applyUpdate(update)}. JSON as {@code toJSON}, except
     * that untyped roots are {@code {"$undefined":true}} (Yjs's own {@code doc.toJSON()} gives undefined).
     */
    public List<ApplyOutcome> tryApplyMany(List<byte[]> base, boolean gc, Map<String, String> types, List<byte[]> updates,
            Duration timeout) {
        List<String> b = new ArrayList<>();
        base.forEach(x -> b.add(b64(x)));
        List<String> u = new ArrayList<>();
        updates.forEach(x -> u.add(b64(x)));
        List<ApplyOutcome> out = new ArrayList<>();
        for (Object o : (List<?>) call("tryApplyMany", args("base", b, "gc", gc, "types", types, "updates", u), timeout)) {
            Map<String, Object> r = map(o);
            boolean ok = Boolean.TRUE.equals(r.get("ok"));
            out.add(new ApplyOutcome(ok, (String) r.get("error"), ok ? b64(r.get("state")) : null, r.get("json")));
        }
        return out;
    }

    /** What a doc-free function of Yjs did with one input: threw ({@code error}) or returned {@code result}. */
    public record Outcome(boolean ok, String error, byte[] result) { }

    /**
     * {@code fn} (mergeUpdates {updates} | diffUpdate {update, stateVector} | encodeStateVectorFromUpdate
     * {update}) on each input; byte values in the inputs are given as byte[] (lists of byte[] for updates).
     */
    public List<Outcome> tryDocFreeMany(String fn, List<Map<String, Object>> inputs, Duration timeout) {
        List<Object> in = new ArrayList<>();
        for (Map<String, Object> i : inputs) {
            Map<String, Object> m = new LinkedHashMap<>();
            i.forEach((k, v) -> {
                if (v instanceof byte[] bytes) {
                    m.put(k, b64(bytes));
                } else if (v instanceof List<?> l) {
                    List<String> bs = new ArrayList<>();
                    l.forEach(x -> bs.add(b64((byte[]) x)));
                    m.put(k, bs);
                } else {
                    m.put(k, v);
                }
            });
            in.add(m);
        }
        List<Outcome> out = new ArrayList<>();
        for (Object o : (List<?>) call("tryDocFreeMany", args("fn", fn, "inputs", in), timeout)) {
            Map<String, Object> r = map(o);
            boolean ok = Boolean.TRUE.equals(r.get("ok"));
            out.add(new Outcome(ok, (String) r.get("error"), ok ? b64(r.get("result")) : null));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // B4 trace and random ops

    /** What Yjs made of the B4 trace: op count, final text length, sha256 (hex) of the text, state as update. */
    public record B4Result(long ops, int length, String sha256, byte[] update, double millis) { }

    /** Replays the B4 trace file into a Y.Doc (clientID 1, one transaction per op) on {@code getText('text')}. */
    public B4Result b4(Path trace, boolean gc) {
        Map<String, Object> r = map(call("b4", args("path", trace.toAbsolutePath().toString(), "gc", gc),
                Duration.ofMinutes(10)));
        return new B4Result(((Number) r.get("ops")).longValue(), ((Number) r.get("length")).intValue(),
                (String) r.get("sha256"), b64(r.get("update")), ((Number) r.get("millis")).doubleValue());
    }

    /**
     * {@code applyRandomOps(doc, seed, count)} of random-ops.mjs on the doc; returns the updates emitted.
     */
    public List<byte[]> randomOps(String doc, long seed, int count) {
        return b64List(call("randomOps", args("doc", doc, "seed", seed, "count", count)));
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    /** base64 of the bytes. */
    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The bytes of a base64 string (a result). */
    public static byte[] b64(Object base64) {
        return Base64.getDecoder().decode((String) Objects.requireNonNull(base64, "no bytes in the result"));
    }

    private static List<byte[]> b64List(Object list) {
        List<byte[]> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(b64(o));
        }
        return out;
    }

    /** Request arguments; values may be null (JS null), unlike Map.of. */
    private static Map<String, Object> args(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
