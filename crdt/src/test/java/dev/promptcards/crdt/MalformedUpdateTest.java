package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.testing.Hex;
import dev.promptcards.crdt.testing.JavaOps;
import dev.promptcards.crdt.testing.Ops;
import dev.promptcards.crdt.testing.TaggedJson;
import dev.promptcards.crdt.testing.YjsNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.promptcards.crdt.testing.Hex.hex;
import static dev.promptcards.crdt.testing.Ops.arrayDelete;
import static dev.promptcards.crdt.testing.Ops.arrayPush;
import static dev.promptcards.crdt.testing.Ops.mapDelete;
import static dev.promptcards.crdt.testing.Ops.mapSet;
import static dev.promptcards.crdt.testing.Ops.textDelete;
import static dev.promptcards.crdt.testing.Ops.textFormat;
import static dev.promptcards.crdt.testing.Ops.textInsert;
import static dev.promptcards.crdt.testing.Ops.textInsertEmbed;
import static dev.promptcards.crdt.testing.Ops.transact;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Malformed updates given to a doc with content: either the update applies exactly as Yjs applies it
 * (same {@code encodeStateAsUpdate} bytes and JSON afterwards), or {@link UpdateDecodeException} is thrown
 * and the doc is exactly as before. Never another exception type, never a hang, never an out-of-memory
 * because of a length field. The doc-free functions (mergeUpdates, diffUpdate,
 * encodeStateVectorFromUpdate) either return Yjs's bytes or throw UpdateDecodeException.
 *
 * <p>Inputs: every prefix of rich updates, single-byte mutations of them, seeded random bytes (seed:
 * {@code -Dpromptcards.fuzz.seed}, printed on failure) and hand-made hostile updates.
 */
class MalformedUpdateTest {

    /** Hang guard only (not a performance bound): one input, Java side. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);
    private static final Duration YJS_BATCH_TIMEOUT = Duration.ofMinutes(3);
    private static final long SEED = Long.getLong("promptcards.fuzz.seed", 0x5EED_2026L);

    private static YjsNode node;
    /** Content of the doc every malformed update is applied to (Yjs client 60). */
    private static byte[] base;
    private static byte[] baseSv;
    /** A rich update independent of the base (client 50 and 51): every content kind, XML, deletes. */
    private static byte[] richA;
    /** An update editing the base content (client 61): origins into base items, deletes of base items. */
    private static byte[] richB;
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    @BeforeAll
    static void buildUpdates() {
        node = YjsNode.shared();
        KINDS.put("t", "text");
        KINDS.put("m", "map");
        KINDS.put("arr", "array");
        KINDS.put("x", "xml");
        KINDS.put("rich", "map");

        node.newDoc("malformed-base", 60, true);
        node.script("malformed-base", List.of(
                textInsert("t", 0, "base text here"),
                textFormat("t", 0, 4, Map.of("bold", true)),
                mapSet("m", "a", 1L),
                mapSet("m", "nested", Ops.yMap(Map.of("k", "v"))),
                arrayPush("arr", 1L, 2L, 3L)));
        base = node.encodeStateAsUpdate("malformed-base");
        baseSv = node.encodeStateVector("malformed-base");

        node.newDoc("malformed-a", 50, true);
        node.newDoc("malformed-a2", 51, true);
        node.script("malformed-a2", List.of(textInsert("t", 0, "other client"), textDelete("t", 0, 2)));
        node.applyUpdate("malformed-a", node.encodeStateAsUpdate("malformed-a2"));
        node.script("malformed-a", List.of(
                textInsert("t", 0, "héllo 😀 "),
                textInsertEmbed("t", 2, Map.of("img", "a.png")),
                textFormat("t", 1, 3, Map.of("i", true)),
                textDelete("t", 0, 1),
                mapSet("rich", "any", Map.of("n", 1.5, "l", List.of(1L, "x", true))),
                mapSet("rich", "bin", new byte[] {1, 2, 3}),
                mapSet("rich", "text", Ops.yText("nested")),
                mapSet("rich", "sub", Ops.subdoc("guid-malformed")),
                mapSet("rich", "gone", Ops.yMap(Map.of("a", Ops.yText("x")))),
                mapDelete("rich", "gone"),
                arrayPush("arr", 7L, Ops.yArray(1L), "s"),
                arrayDelete("arr", 0, 1),
                Ops.xmlInsertElement("x", 0, "p", Map.of("class", "c"), "para"),
                Ops.xmlInsertHook("x", 1, "h", Map.of("k", 1L))));
        richA = node.encodeStateAsUpdate("malformed-a");

        node.newDoc("malformed-b", 61, true);
        node.applyUpdate("malformed-b", base);
        List<byte[]> b = node.script("malformed-b", List.of(transact(
                textInsert("t", 5, "inserted "),
                textDelete("t", 0, 2),
                textDelete("t", 12, 3),
                mapSet("m", "a", "overwritten"),
                Ops.rootType(mapSet(List.of("m", "nested"), "k2", 2L), "map"),
                arrayDelete("arr", 1, 1),
                arrayPush("arr", 4L))));
        richB = b.get(0);
    }

    // ------------------------------------------------------------------------------------------
    // the check

    private enum JavaResult { ACCEPTED, REJECTED }

    /** Java's outcome for one input (json: the rejection message when rejected), or why it broke the contract. */
    private record JavaOutcome(JavaResult result, byte[] state, String json, String problem) { }

    private static Doc docWithContent() {
        Doc d = new Doc(4242, true);
        Y.applyUpdate(d, base);
        JavaOps.typeRoots(d, KINDS);
        return d;
    }

    private static String json(Doc d) {
        return TaggedJson.canonical(d.toJSON());
    }

    private static JavaOutcome applyInJava(byte[] input) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> {
            Doc d = docWithContent();
            byte[] before = Y.encodeStateAsUpdate(d);
            String jsonBefore = json(d);
            try {
                Y.applyUpdate(d, input);
            } catch (UpdateDecodeException e) {
                byte[] after = Y.encodeStateAsUpdate(d);
                String jsonAfter = json(d);
                if (!Arrays.equals(before, after)) {
                    return new JavaOutcome(JavaResult.REJECTED, null, null, "UpdateDecodeException (" + e.getMessage()
                            + ") but the doc changed: " + Hex.describeDifference(before, after));
                }
                if (!jsonBefore.equals(jsonAfter)) {
                    return new JavaOutcome(JavaResult.REJECTED, null, null, "UpdateDecodeException (" + e.getMessage()
                            + ") but toJSON changed:\n  before: " + jsonBefore + "\n  after:  " + jsonAfter);
                }
                return new JavaOutcome(JavaResult.REJECTED, null, e.getMessage(), null);
            } catch (Throwable t) {
                return new JavaOutcome(null, null, null, "threw " + t + " (not UpdateDecodeException)" + stackTop(t));
            }
            try {
                return new JavaOutcome(JavaResult.ACCEPTED, Y.encodeStateAsUpdate(d), json(d), null);
            } catch (Throwable t) {
                return new JavaOutcome(null, null, null, "Y.applyUpdate accepted it, but then encodeStateAsUpdate/toJSON"
                        + " of the doc throws " + t + stackTop(t));
            }
        }, () -> "Y.applyUpdate did not return within the hang guard for input " + shortHex(input));
    }

    private static String stackTop(Throwable t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(6, st.length); i++) {
            sb.append("\n      at ").append(st[i]);
        }
        return sb.toString();
    }

    /** The whole input up to 600 bytes (enough to reproduce), else its start. */
    private static String shortHex(byte[] b) {
        return b.length <= 600 ? hex(b) + " (" + b.length + " bytes)" : hex(b, 0, 64) + " ... (" + b.length + " bytes)";
    }

    /** Statistics and problems of one family of inputs. */
    private static final class Report {
        final String family;
        final List<String> problems = new ArrayList<>();
        int bothAccepted;
        int bothRejected;
        int onlyJavaRejected;
        final List<String> onlyJavaRejectedSamples = new ArrayList<>();

        Report(String family) {
            this.family = family;
        }

        void problem(String label, byte[] input, String what) {
            problems.add(label + ": " + what + "\n    input: " + shortHex(input));
        }

        void finish() {
            System.out.printf("%s: %d inputs; both applied %d, both rejected %d, rejected by Java only %d%n", family,
                    bothAccepted + bothRejected + onlyJavaRejected + problems.size(), bothAccepted, bothRejected,
                    onlyJavaRejected, problems.size());
            onlyJavaRejectedSamples.stream().limit(5).forEach(s -> System.out.println("  rejected by Java only: " + s));
            if (!problems.isEmpty()) {
                StringBuilder sb = new StringBuilder(family + ": " + problems.size() + " input(s) broke the contract"
                        + " (fuzz seed " + SEED + "):\n");
                problems.stream().limit(25).forEach(p -> sb.append("- ").append(p).append('\n'));
                fail(sb.toString());
            }
        }
    }

    /** Applies every input in Java and in Yjs (batched) and checks the contract. */
    private static void checkApply(String family, List<String> labels, List<byte[]> inputs) {
        Report report = new Report(family);
        for (int from = 0; from < inputs.size(); from += 400) {
            int to = Math.min(inputs.size(), from + 400);
            List<YjsNode.ApplyOutcome> yjs = node.tryApplyMany(List.of(base), true, KINDS, inputs.subList(from, to), YJS_BATCH_TIMEOUT);
            for (int i = from; i < to; i++) {
                byte[] input = inputs.get(i);
                JavaOutcome j = applyInJava(input);
                YjsNode.ApplyOutcome y = yjs.get(i - from);
                if (j.problem() != null) {
                    report.problem(labels.get(i), input, j.problem());
                } else if (j.result() == JavaResult.REJECTED) {
                    if (y.ok()) {
                        report.onlyJavaRejected++;
                        report.onlyJavaRejectedSamples.add(labels.get(i) + " -> " + j.json());
                    } else {
                        report.bothRejected++;
                    }
                } else if (!y.ok()) {
                    report.problem(labels.get(i), input, "Java applied it, Yjs throws " + y.error());
                } else {
                    String yJson = TaggedJson.canonicalTagged(y.json());
                    if (!Arrays.equals(y.state(), j.state())) {
                        report.problem(labels.get(i), input, "applied, but the state differs from Yjs's: "
                                + Hex.describeDifference(y.state(), j.state()));
                    } else if (!yJson.equals(j.json())) {
                        report.problem(labels.get(i), input, "applied, but toJSON differs:\n    Yjs:  " + yJson + "\n    Java: " + j.json());
                    } else {
                        report.bothAccepted++;
                    }
                }
            }
        }
        report.finish();
    }

    /** The doc-free functions on every input: Yjs's bytes or UpdateDecodeException. */
    private static void checkDocFree(String family, List<String> labels, List<byte[]> inputs) {
        Report report = new Report(family + " (doc-free functions)");
        for (int from = 0; from < inputs.size(); from += 400) {
            int to = Math.min(inputs.size(), from + 400);
            List<byte[]> chunk = inputs.subList(from, to);
            List<Map<String, Object>> merge = new ArrayList<>();
            List<Map<String, Object>> diff = new ArrayList<>();
            List<Map<String, Object>> sv = new ArrayList<>();
            List<Map<String, Object>> diffBadSv = new ArrayList<>();
            for (byte[] x : chunk) {
                merge.add(Map.of("updates", List.of(base, x)));
                diff.add(Map.of("update", x, "stateVector", baseSv));
                sv.add(Map.of("update", x));
                diffBadSv.add(Map.of("update", base, "stateVector", x));
            }
            List<YjsNode.Outcome> yMerge = node.tryDocFreeMany("mergeUpdates", merge, YJS_BATCH_TIMEOUT);
            List<YjsNode.Outcome> yDiff = node.tryDocFreeMany("diffUpdate", diff, YJS_BATCH_TIMEOUT);
            List<YjsNode.Outcome> ySv = node.tryDocFreeMany("encodeStateVectorFromUpdate", sv, YJS_BATCH_TIMEOUT);
            List<YjsNode.Outcome> yBadSv = node.tryDocFreeMany("diffUpdate", diffBadSv, YJS_BATCH_TIMEOUT);
            for (int i = from; i < to; i++) {
                byte[] x = inputs.get(i);
                int k = i - from;
                String label = labels.get(i);
                docFree(report, label + " mergeUpdates([base, x])", x, yMerge.get(k), () -> Y.mergeUpdates(List.of(base, x)));
                docFree(report, label + " diffUpdate(x, sv)", x, yDiff.get(k), () -> Y.diffUpdate(x, baseSv));
                docFree(report, label + " encodeStateVectorFromUpdate(x)", x, ySv.get(k), () -> Y.encodeStateVectorFromUpdate(x));
                docFree(report, label + " diffUpdate(base, x as state vector)", x, yBadSv.get(k), () -> Y.diffUpdate(base, x));
            }
        }
        report.finish();
    }

    private static void docFree(Report report, String label, byte[] input, YjsNode.Outcome yjs, Supplier<byte[]> java) {
        String problem = assertTimeoutPreemptively(HANG_GUARD, () -> {
            byte[] result;
            try {
                result = java.get();
            } catch (UpdateDecodeException e) {
                if (yjs.ok()) {
                    report.onlyJavaRejected++;
                    report.onlyJavaRejectedSamples.add(label + " -> " + e.getMessage());
                } else {
                    report.bothRejected++;
                }
                return null;
            } catch (Throwable t) {
                return "threw " + t + " (not UpdateDecodeException)" + stackTop(t);
            }
            if (!yjs.ok()) {
                return "Java returned " + shortHex(result) + ", Yjs throws " + yjs.error();
            }
            if (!Arrays.equals(yjs.result(), result)) {
                return "result differs from Yjs's: " + Hex.describeDifference(yjs.result(), result);
            }
            report.bothAccepted++;
            return null;
        }, () -> label + " did not return within the hang guard");
        if (problem != null) {
            report.problem(label, input, problem);
        }
    }

    // ------------------------------------------------------------------------------------------
    // input families

    private record Inputs(List<String> labels, List<byte[]> bytes) {
        Inputs() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        void add(String label, byte[] b) {
            labels.add(label);
            bytes.add(b);
        }
    }

    private static Inputs prefixes() {
        Inputs in = new Inputs();
        for (Map.Entry<String, byte[]> e : Map.of("richA", richA, "richB", richB).entrySet()) {
            byte[] u = e.getValue();
            for (int len = 0; len < u.length; len++) {
                in.add(e.getKey() + "[0.." + len + ")", Arrays.copyOf(u, len));
            }
        }
        return in;
    }

    private static Inputs mutations() {
        Inputs in = new Inputs();
        int[][] ops = {{0x01, 0}, {0x80, 0}, {0xff, 0}, {0, 0x00}, {0, 0x7f}, {0, 0xff}};
        for (Map.Entry<String, byte[]> e : Map.of("richA", richA, "richB", richB).entrySet()) {
            byte[] u = e.getValue();
            for (int pos = 0; pos < u.length; pos++) {
                for (int[] op : ops) {
                    byte[] m = u.clone();
                    String what;
                    if (op[0] != 0) {
                        m[pos] ^= (byte) op[0];
                        what = "^0x" + Integer.toHexString(op[0]);
                    } else {
                        m[pos] = (byte) op[1];
                        what = "=0x" + Integer.toHexString(op[1]);
                    }
                    if (!Arrays.equals(m, u)) {
                        in.add(e.getKey() + "[" + pos + "]" + what, m);
                    }
                }
            }
        }
        return in;
    }

    private static Inputs randoms() {
        Inputs in = new Inputs();
        Random r = new Random(SEED);
        for (int i = 0; i < 400; i++) {
            byte[] b = new byte[r.nextInt(48)];
            r.nextBytes(b);
            in.add("random #" + i + " (seed " + SEED + ")", b);
        }
        for (int i = 0; i < 600; i++) {
            byte[] source = r.nextBoolean() ? richA : richB;
            int keep = r.nextInt(source.length);
            byte[] b = Arrays.copyOf(source, keep + r.nextInt(40));
            for (int k = keep; k < b.length; k++) {
                b[k] = (byte) r.nextInt(256);
            }
            in.add("valid prefix + random tail #" + i + " (seed " + SEED + ", kept " + keep + ")", b);
        }
        for (int i = 0; i < 300; i++) {
            byte[] b = (r.nextBoolean() ? richA : richB).clone();
            int n = 1 + r.nextInt(4);
            for (int k = 0; k < n; k++) {
                b[r.nextInt(b.length)] = (byte) r.nextInt(256);
            }
            in.add("random multi-byte mutation #" + i + " (seed " + SEED + ")", b);
        }
        return in;
    }

    @Test
    void truncated_updates_are_rejected_or_applied_like_yjs() {
        Inputs in = prefixes();
        checkApply("truncated updates", in.labels(), in.bytes());
    }

    @Test
    void single_byte_mutations_are_rejected_or_applied_like_yjs() {
        Inputs in = mutations();
        checkApply("single-byte mutations", in.labels(), in.bytes());
    }

    @Test
    void random_bytes_are_rejected_or_applied_like_yjs() {
        Inputs in = randoms();
        checkApply("random bytes", in.labels(), in.bytes());
    }

    @Test
    void doc_free_functions_on_truncated_updates_return_yjs_bytes_or_throw_update_decode_exception() {
        Inputs in = prefixes();
        checkDocFree("truncated updates", in.labels(), in.bytes());
    }

    @Test
    void doc_free_functions_on_mutated_updates_return_yjs_bytes_or_throw_update_decode_exception() {
        Inputs in = mutations();
        checkDocFree("single-byte mutations", in.labels(), in.bytes());
    }

    @Test
    void doc_free_functions_on_random_bytes_return_yjs_bytes_or_throw_update_decode_exception() {
        Inputs in = randoms();
        checkDocFree("random bytes", in.labels(), in.bytes());
    }

    @Test
    void the_rich_updates_themselves_apply_like_yjs() {
        // sanity: the unmutated inputs are valid and both sides apply them identically
        checkApply("valid rich updates", List.of("richA", "richB"), List.of(richA, richB));
        assertTrue(richA.length > 200, "richA is rich: " + richA.length + " bytes");
    }

    // ------------------------------------------------------------------------------------------
    // hostile hand-made updates (v1 layout: Yjs utils/encoding.js writeClientsStructs / writeDeleteSet)

    /** A tiny lib0 writer independent of the code under test. */
    private static final class W {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        W u(long v) { // varUint
            while (v > 0x7f) {
                out.write((int) (0x80 | (v & 0x7f)));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        W b(int... bytes) {
            for (int x : bytes) {
                out.write(x);
            }
            return this;
        }

        W s(String str) { // varString
            byte[] b = str.getBytes(StandardCharsets.UTF_8);
            u(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    private static final long HUGE = 1L << 40;
    private static final long P53 = (1L << 53) - 1;

    /** One client, one struct, parent = root "t" (info byte given), then content bytes; empty delete set. */
    private static byte[] rootItem(long client, long clock, int info, String root, W content) {
        W w = new W().u(1).u(1).u(client).u(clock).b(info).u(1).s(root);
        byte[] c = content.done();
        w.out.write(c, 0, c.length);
        return w.u(0).done();
    }

    static Map<String, byte[]> hostile() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put("numClients 2^40", new W().u(HUGE).u(1).u(70).u(0).done());
        h.put("numStructs 2^40", new W().u(1).u(HUGE).u(70).u(0).b(4).u(1).s("t").s("x").done());
        h.put("string content claiming 2^40 bytes", rootItem(70, 0, 4, "t", new W().u(HUGE).b('a')));
        h.put("string content claiming 2^53-1 bytes", rootItem(70, 0, 4, "t", new W().u(P53).b('a')));
        h.put("any content claiming 2^40 values", rootItem(70, 0, 8, "arr", new W().u(HUGE).b(0x7d, 0x01)));
        h.put("binary content claiming 2^40 bytes", rootItem(70, 0, 3, "arr", new W().u(HUGE).b(1, 2)));
        h.put("json content claiming 2^40 values", rootItem(70, 0, 2, "arr", new W().u(HUGE).s("1")));
        h.put("embed string claiming 2^40 bytes", rootItem(70, 0, 5, "t", new W().u(HUGE)));
        h.put("root name claiming 2^40 bytes", new W().u(1).u(1).u(70).u(0).b(4).u(1).u(HUGE).b('t').done());
        h.put("deleted content of 2^40 (valid)", rootItem(70, 0, 1, "t", new W().u(HUGE)));
        h.put("deleted content of 2^52 (valid)", rootItem(70, 0, 1, "t", new W().u(1L << 52)));
        h.put("GC struct of 2^52 (valid)", new W().u(1).u(1).u(70).u(0).b(0).u(1L << 52).u(0).done());
        h.put("Skip struct of 2^52 then an item", new W().u(1).u(2).u(70).u(0).b(10).u(1L << 52)
                .b(4 | 0x80).u(70).u((1L << 52) - 1).s("x").u(0).done());
        h.put("item at clock 2^53-2 with length 10", rootItem(70, P53 - 1, 1, "t", new W().u(10)));
        h.put("delete set: 2^40 clients", new W().u(0).u(HUGE).u(60).u(1).u(0).u(1).done());
        h.put("delete set: 2^40 ranges", new W().u(0).u(1).u(60).u(HUGE).u(0).u(1).done());
        h.put("delete set: range of 2^52 over the base (valid)", new W().u(0).u(1).u(60).u(1).u(0).u(1L << 52).done());
        h.put("delete set: range beyond the known state (valid)", new W().u(0).u(1).u(60).u(1).u(1000).u(5).done());
        h.put("delete set: range with clock 2^53-1", new W().u(0).u(1).u(60).u(1).u(P53).u(P53).done());
        h.put("delete set: unknown client (valid)", new W().u(0).u(1).u(12345).u(1).u(0).u(3).done());
        h.put("trailing bytes after the delete set", new W().u(1).u(1).u(70).u(0).b(4).u(1).s("t").s("x").u(0).b(1, 2, 3, 4).done());
        h.put("content ref 10 (Skip as content)", rootItem(70, 0, 10, "t", new W().u(1)));
        h.put("content ref 11", rootItem(70, 0, 11, "t", new W().u(1)));
        h.put("content ref 31", rootItem(70, 0, 31, "t", new W().u(1)));
        h.put("content ref 0 with parent info (GC bits + origin flag)", new W().u(1).u(1).u(70).u(0).b(0x80).u(60).u(0).u(0).done());
        h.put("type ref 7", rootItem(70, 0, 7, "m", new W().u(7)));
        h.put("type ref 2^40", rootItem(70, 0, 7, "m", new W().u(HUGE)));
        h.put("xml element with a 2^40-byte name", rootItem(70, 0, 7, "x", new W().u(3).u(HUGE)));
        h.put("json content that is not JSON", rootItem(70, 0, 2, "arr", new W().u(1).s("{not json")));
        h.put("json content 'undefined' (valid)", rootItem(70, 0, 2, "arr", new W().u(2).s("undefined").s("[1,{\"a\":null}]")));
        h.put("format value that is not JSON", rootItem(70, 0, 6, "t", new W().s("bold").s("tru")));
        h.put("embed that is not JSON", rootItem(70, 0, 5, "t", new W().s("{")));
        h.put("string content with invalid UTF-8", rootItem(70, 0, 4, "t", new W().u(2).b(0xc3, 0x28)));
        h.put("string content with a UTF-8 encoded surrogate", rootItem(70, 0, 4, "t", new W().u(3).b(0xed, 0xa0, 0x80)));
        h.put("any content nested 200000 deep", rootItem(70, 0, 8, "arr", nested(200_000)));
        h.put("any content nested 100 deep (valid)", rootItem(70, 0, 8, "arr", nested(100)));
        h.put("unknown any tag", rootItem(70, 0, 8, "arr", new W().u(1).b(0x10)));
        h.put("subdoc with string options", rootItem(70, 0, 9, "arr", new W().s("g1").b(0x77).s("opts")));
        h.put("subdoc with gc:0 and meta (valid)", rootItem(70, 0, 9, "arr", new W().s("g2").b(0x76).u(2).s("gc").b(0x7d, 0x00).s("meta").b(0x77).s("m")));
        h.put("parent ID pointing at a string item of the base", new W().u(1).u(1).u(70).u(0).b(8).u(0).u(60).u(5).u(1).b(0x7e).u(0).done());
        h.put("parent ID pointing at a missing item (pending, valid)", new W().u(1).u(1).u(70).u(0).b(8).u(0).u(99).u(5).u(1).b(0x7e).u(0).done());
        h.put("origin in the same struct's future", new W().u(1).u(1).u(70).u(0).b(4 | 0x80).u(70).u(5).s("x").u(0).done());
        h.put("origin pointing at itself", new W().u(1).u(1).u(70).u(0).b(4 | 0x80).u(70).u(0).s("x").u(0).done());
        h.put("parentSub on a text root", new W().u(1).u(1).u(70).u(0).b(8 | 0x20).u(1).s("t").s("key").u(1).b(0x7e).u(0).done());
        h.put("parent info 2 (neither key nor id)", new W().u(1).u(1).u(70).u(0).b(4).u(2).s("t").s("x").u(0).done());
        h.put("two clients out of order, one repeated", new W().u(3)
                .u(1).u(70).u(0).b(4).u(1).s("t").s("a")
                .u(1).u(71).u(0).b(4).u(1).s("t").s("b")
                .u(1).u(70).u(1).b(4 | 0x80).u(70).u(0).s("c").u(0).done());
        h.put("struct count 0", new W().u(1).u(0).u(70).u(0).u(0).done());
        h.put("empty", new byte[0]);
        h.put("only the struct section", new W().u(0).done());
        return h;
    }

    private static W nested(int depth) {
        W w = new W().u(1);
        for (int i = 0; i < depth; i++) {
            w.b(0x75).u(1);
        }
        return w.b(0x7e);
    }

    @TestFactory
    Stream<DynamicTest> hostile_updates_neither_allocate_nor_hang_and_match_yjs() {
        return hostile().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            checkApply("hostile: " + e.getKey(), List.of(e.getKey()), List.of(e.getValue()));
            checkDocFree("hostile: " + e.getKey(), List.of(e.getKey()), List.of(e.getValue()));
        }));
    }

    @Test
    void hostile_updates_are_well_formed_where_expected() {
        // guards the hand-made layout: Yjs applies the ones marked valid
        Map<String, byte[]> h = hostile();
        List<String> valid = h.keySet().stream().filter(k -> k.contains("(valid)")).toList();
        List<byte[]> bytes = valid.stream().map(h::get).toList();
        List<YjsNode.ApplyOutcome> out = node.tryApplyMany(List.of(base), true, KINDS, bytes, YJS_BATCH_TIMEOUT);
        for (int i = 0; i < valid.size(); i++) {
            assertTrue(out.get(i).ok(), valid.get(i) + ": Yjs rejects it: " + out.get(i).error() + " "
                    + JsJson.stringify(List.of(hex(bytes.get(i)))));
        }
    }
}
