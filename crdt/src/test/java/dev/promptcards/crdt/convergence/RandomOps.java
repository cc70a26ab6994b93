package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.AbstractType;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import dev.promptcards.crdt.lib0.JsJson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeded random editing of a Java {@link Doc} shaped like a prompt card, through the public API only.
 *
 * <p>A line-by-line port of crdt/src/test/js/random-ops.mjs: same PRNG ({@link Prng}), same value pools,
 * same choices in the same order. On a doc in the same state as a Yjs doc, {@code apply(doc, seed, n)}
 * therefore performs exactly the operations {@code applyRandomOps(ydoc, seed, n)} performs, so the updates
 * the two emit must be byte-identical (the "twin" check of the convergence tests). Keep the two files in
 * step: any change to one must be made to the other.
 */
public final class RandomOps {

    /** The top-level types of a prompt card (ARCHITECTURE.md). */
    public static final List<String> TEXTS = List.of("title", "description", "system", "template");
    public static final List<String> MAPS = List.of("model", "runs");
    public static final List<String> ARRAYS = List.of("tests");

    /** Options of random-ops.mjs. */
    public record Options(boolean splitSurrogates) {
        public static final Options DEFAULT = new Options(false);
    }

    private static final List<String> CHUNKS = List.of(
            "a", "b", "x", "Z", " ", "\n", "the ", "prompt", "Summarize ", "{{topic}}", "{{input}}", ". ", ", ",
            "\u00E9", "\u00DF", "\u65E5\u672C\u8A9E", "\u03A9", "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD835\uDD18", "a\uD83D\uDE00b", "\"q\"", "\\",
            "\t", "</>", "0", "42");

    private static final double[] NUMBERS = {
        0, 1, -1, 7, -42, 255, 1000, 65535, -65536, 2147483647, -2147483648, 2147483648.0, 4294967296.0,
        Math.pow(2, 40), -Math.pow(2, 40), Math.pow(2, 53), -Math.pow(2, 53), 123456789012.0, 0.5, -1.25, 0.1,
        0.7, 3.14159, -2.5e-8, 1e21, 1.5e300, 6.02e23, 0.30000000000000004, 0.2, 1.7
    };

    private static final List<String> OBJECT_KEYS = List.of(
            "a", "b", "name", "value", "type", "threshold", "weight", "x y", "\u043A\u043B\u044E\u0447", "1", "0",
            "10", "2", "-1", "01", "z");

    private static final List<String> MODEL_KEYS = List.of(
            "provider", "model", "temperature", "maxTokens", "topP", "stop", "extra");

    private final Prng rng;
    private final Options options;

    private RandomOps(long seed, Options options) {
        this.rng = new Prng(seed);
        this.options = options;
    }

    /** Defines every top-level type of the card on the doc. */
    public static void defineCardTypes(Doc doc) {
        TEXTS.forEach(doc::getText);
        MAPS.forEach(doc::getMap);
        ARRAYS.forEach(doc::getArray);
    }

    /** {@code applyRandomOps(doc, seed, count)}: returns one description per op ("tx{" / "}" mark groups). */
    public static List<String> apply(Doc doc, long seed, int count) {
        return apply(doc, seed, count, Options.DEFAULT);
    }

    public static List<String> apply(Doc doc, long seed, int count, Options options) {
        return new RandomOps(seed, options).run(doc, count);
    }

    private List<String> run(Doc doc, int count) {
        List<String> trace = new ArrayList<>();
        defineCardTypes(doc);
        int done = 0;
        while (done < count) {
            if (count - done >= 2 && rng.nextBool(0.2)) {
                int n = rng.nextInt(2, Math.min(4, count - done));
                doc.transact(tx -> {
                    trace.add("tx{");
                    for (int i = 0; i < n; i++) {
                        trace.add(randomOp(doc));
                    }
                    trace.add("}");
                });
                done += n;
            } else {
                doc.transact(tx -> trace.add(randomOp(doc)));
                done++;
            }
        }
        return trace;
    }

    // ---- random values ------------------------------------------------------------------------------

    private String randomString(int maxChunks) {
        StringBuilder s = new StringBuilder();
        int n = rng.nextInt(1, maxChunks);
        for (int i = 0; i < n; i++) {
            s.append(rng.pick(CHUNKS));
        }
        return s.toString();
    }

    private String randomString() {
        return randomString(4);
    }

    /** A JS number in the Java value model: Long when integral, safe and not -0, else Double. */
    static Object num(double d) {
        if (d == Math.rint(d) && Math.abs(d) <= 9007199254740992.0 && !(d == 0 && 1 / d < 0)) {
            return (long) d;
        }
        return d;
    }

    /** JS Math.round: the closest integer, ties towards +infinity, -0 for [-0.5, 0). */
    private static double jsRound(double x) {
        double r = (double) Math.round(x);
        return r == 0 && x < 0 ? -0.0 : r;
    }

    private Object randomNumber() {
        switch (rng.nextInt(0, 5)) {
            case 0:
                return num(rng.nextInt(-100, 100));
            case 1: {
                double a = rng.nextInt(-2000000, 2000000);
                return num(a * rng.pick(1.0, 1000.0, 1000000.0));
            }
            case 2:
                return num(jsRound((rng.next() - 0.5) * 1e6) / 1000);
            case 3:
                return num(rng.next());
            case 4:
                return rng.nextBool(0.05) ? num(-0.0) : num(NUMBERS[rng.nextInt(0, NUMBERS.length - 1)]);
            default:
                return num(NUMBERS[rng.nextInt(0, NUMBERS.length - 1)]);
        }
    }

    private Object randomJson(int depth) {
        int r = rng.nextInt(0, depth >= 2 ? 5 : 7);
        switch (r) {
            case 0:
                return null;
            case 1:
                return rng.nextBool();
            case 2:
            case 3:
                return randomNumber();
            case 4:
                return rng.nextBool(0.1) ? "" : randomString();
            case 5:
                return rng.pick("openai", "ollama", "anthropic", "gpt-4o-mini", "llama3", "contains", "equals");
            case 6: {
                // insertion order as JS assigns; JS itself puts array-index keys first, the library must too
                Map<String, Object> o = new LinkedHashMap<>();
                int n = rng.nextInt(0, 4);
                for (int i = 0; i < n; i++) {
                    String key = rng.pick(OBJECT_KEYS);
                    o.put(key, rng.nextBool(0.03) ? randomBinary() : randomJson(depth + 1));
                }
                return o;
            }
            default: {
                List<Object> a = new ArrayList<>();
                int n = rng.nextInt(0, 4);
                for (int i = 0; i < n; i++) {
                    a.add(randomJson(depth + 1));
                }
                return a;
            }
        }
    }

    /** Uint8Array: ContentBinary as a map value / array element, writeAny type 116 inside objects. */
    private byte[] randomBinary() {
        byte[] b = new byte[rng.nextInt(0, 6)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rng.nextInt(0, 255);
        }
        return b;
    }

    private Map<String, Object> randomAttributes() {
        Map<String, Object> attrs = new LinkedHashMap<>();
        int n = rng.nextInt(1, 2);
        for (int i = 0; i < n; i++) {
            switch (rng.nextInt(0, 2)) {
                case 0 -> attrs.put("bold", rng.nextBool(0.7) ? Boolean.TRUE : null);
                case 1 -> attrs.put("italic", rng.nextBool(0.7) ? Boolean.TRUE : null);
                default -> attrs.put("color", rng.nextBool(0.8)
                        ? rng.pick("#ff0000", "#00aa00", "#0000ff", "#123abc") : null);
            }
        }
        return attrs;
    }

    private Map<String, Object> randomEmbed() {
        Map<String, Object> e = new LinkedHashMap<>();
        switch (rng.nextInt(0, 2)) {
            case 0 -> e.put("image", rng.pick("a.png", "b.jpg", "chart.svg"));
            case 1 -> e.put("variable", rng.pick("topic", "input", "lang"));
            default -> {
                Map<String, Object> mention = new LinkedHashMap<>();
                mention.put("id", num(rng.nextInt(1, 99)));
                mention.put("name", randomString(2));
                e.put("mention", mention);
            }
        }
        return e;
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("0123456789abcdef".charAt(rng.nextInt(0, 15)));
        }
        return s.toString();
    }

    private String uuid() {
        String a = hex(8);
        String b = hex(4);
        String c = hex(3);
        String d = hex(3);
        String e = hex(12);
        return a + "-" + b + "-4" + c + "-a" + d + "-" + e;
    }

    // ---- nested types created whole (prelim) --------------------------------------------------------

    private YText prelimText() {
        return new YText(rng.nextBool(0.2) ? "" : randomString(3));
    }

    private YMap prelimAssertion() {
        YMap m = new YMap();
        m.set("type", rng.pick("contains", "equals", "llm-rubric", "similar"));
        m.set("value", rng.nextBool(0.3) ? new YText(randomString(2)) : randomString(2));
        if (rng.nextBool()) {
            m.set("threshold", randomNumber());
        }
        if (rng.nextBool(0.3)) {
            m.set("weight", num(rng.nextInt(1, 5)));
        }
        return m;
    }

    /** A test case as the card has it: id, name, vars (map of texts), expected, assert (array of maps). */
    private YMap prelimTestCase() {
        YMap tc = new YMap();
        tc.set("id", uuid());
        tc.set("name", prelimText());
        YMap vars = new YMap();
        int nvars = rng.nextInt(0, 3);
        for (int i = 0; i < nvars; i++) {
            String key = rng.pick("topic", "input", "lang", "tone");
            vars.set(key, prelimText());
        }
        tc.set("vars", vars);
        if (rng.nextBool(0.7)) {
            tc.set("expected", prelimText());
        }
        YArray asserts = new YArray();
        int nasserts = rng.nextInt(0, 2);
        for (int i = 0; i < nasserts; i++) {
            asserts.push(list(prelimAssertion()));
        }
        tc.set("assert", asserts);
        return tc;
    }

    /** A run as the server writes it. */
    private YMap prelimRun() {
        YMap run = new YMap();
        run.set("status", rng.pick("queued", "running", "passed", "failed"));
        run.set("model", rng.pick("gpt-4o-mini", "llama3"));
        run.set("startedAt", "2025-01-0" + rng.nextInt(1, 9) + "T10:00:00Z");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", num(rng.nextInt(0, 5)));
        summary.put("failed", num(rng.nextInt(0, 5)));
        summary.put("costUsd", randomNumber());
        run.set("summary", summary);
        YMap results = new YMap();
        int n = rng.nextInt(0, 2);
        for (int i = 0; i < n; i++) {
            YMap r = new YMap();
            r.set("status", "running");
            r.set("output", prelimText());
            Map<String, Object> assertion = new LinkedHashMap<>();
            assertion.put("type", "contains");
            assertion.put("pass", rng.nextBool());
            assertion.put("score", randomNumber());
            r.set("assertions", list(assertion));
            results.set(uuid().substring(0, 8), r);
        }
        run.set("results", results);
        return run;
    }

    private AbstractType randomPrelimType() {
        switch (rng.nextInt(0, 5)) {
            case 0:
                return prelimText();
            case 1: {
                YMap m = new YMap();
                int n = rng.nextInt(0, 3);
                for (int i = 0; i < n; i++) {
                    String key = rng.pick(OBJECT_KEYS);
                    m.set(key, rng.nextBool(0.3) ? prelimText() : randomJson(1));
                }
                return m;
            }
            case 2: {
                YArray a = new YArray();
                a.push(randomArrayContent(1));
                return a;
            }
            case 3:
                return prelimAssertion();
            default:
                return prelimTestCase();
        }
    }

    private List<Object> randomArrayContent(int depth) {
        List<Object> out = new ArrayList<>();
        int n = rng.nextInt(1, 4);
        for (int i = 0; i < n; i++) {
            out.add(depth < 1 && rng.nextBool(0.25) ? randomPrelimType() : rng.nextBool(0.05) ? randomBinary() : randomJson(1));
        }
        return out;
    }

    private static List<Object> list(Object... values) {
        List<Object> l = new ArrayList<>(values.length);
        for (Object v : values) {
            l.add(v);
        }
        return l;
    }

    // ---- operations ---------------------------------------------------------------------------------

    private record Target(AbstractType type, String path) { }

    /** Every live type: top-level first, then nested depth-first (map keys sorted, as UTF-16 like JS sort). */
    private static List<Target> collectTypes(Doc doc) {
        List<Target> out = new ArrayList<>();
        TEXTS.forEach(n -> visit(doc.getText(n), n, out));
        MAPS.forEach(n -> visit(doc.getMap(n), n, out));
        ARRAYS.forEach(n -> visit(doc.getArray(n), n, out));
        return out;
    }

    private static void visit(AbstractType type, String path, List<Target> out) {
        out.add(new Target(type, path));
        if (type instanceof YMap m) {
            for (String k : sortedKeys(m)) {
                if (m.get(k) instanceof AbstractType t) {
                    visit(t, path + "." + k, out);
                }
            }
        } else if (type instanceof YArray a) {
            List<Object> items = a.toArray();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof AbstractType t) {
                    visit(t, path + "[" + i + "]", out);
                }
            }
        }
    }

    private static List<String> sortedKeys(YMap m) {
        List<String> keys = new ArrayList<>(m.keys());
        keys.sort(null); // String.compareTo: UTF-16 code units, as JS Array#sort
        return keys;
    }

    private String randomOp(Doc doc) {
        List<Target> types = collectTypes(doc);
        int topLevel = TEXTS.size() + MAPS.size() + ARRAYS.size();
        Target target = rng.nextBool(0.5) ? types.get(rng.nextInt(0, topLevel - 1)) : rng.pick(types);
        if (target.type() instanceof YText t) {
            return textOp(t, target.path());
        }
        if (target.type() instanceof YMap m) {
            return mapOp(m, target.path());
        }
        if (target.type() instanceof YArray a) {
            return arrayOp(a, target.path());
        }
        throw new IllegalStateException("unexpected type at " + target.path() + ": " + target.type());
    }

    private static boolean splitsPair(String str, int index) {
        if (index <= 0 || index >= str.length()) {
            return false;
        }
        char c = str.charAt(index - 1);
        return c >= 0xD800 && c <= 0xDBFF;
    }

    private int snap(String str, int index) {
        return !options.splitSurrogates() && splitsPair(str, index) ? index - 1 : index;
    }

    private int[] randomRange(String str, int max) {
        int index = snap(str, rng.nextInt(0, str.length() - 1));
        int end = index + rng.nextInt(1, Math.min(str.length() - index, max));
        if (!options.splitSurrogates() && splitsPair(str, end)) {
            end++;
        }
        return new int[] {index, end - index};
    }

    private static String json(Object v) {
        return JsJson.stringify(v);
    }

    private String textOp(YText text, String path) {
        int len = text.length();
        String str;
        if (len == 0) {
            str = "";
        } else {
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> d : text.toDelta()) {
                sb.append(d.get("insert") instanceof String s ? s : "_");
            }
            str = sb.toString();
        }
        int r = rng.nextInt(0, 99);
        if (r < 40 || len == 0) {
            // typing at the end (or the start) is common, and makes concurrent inserts at one position
            int index = snap(str, rng.nextBool(0.3) ? (rng.nextBool(0.7) ? len : 0) : rng.nextInt(0, len));
            String s = randomString();
            if (rng.nextBool(0.25)) {
                Map<String, Object> attrs = randomAttributes();
                text.insert(index, s, attrs);
                return path + ".insert(" + index + ", " + json(s) + ", " + json(attrs) + ")";
            }
            text.insert(index, s);
            return path + ".insert(" + index + ", " + json(s) + ")";
        } else if (r < 70) {
            int max = rng.nextBool(0.8) ? 3 : 20;
            int[] range = randomRange(str, max);
            text.delete(range[0], range[1]);
            return path + ".delete(" + range[0] + ", " + range[1] + ")";
        } else if (r < 90) {
            int[] range = randomRange(str, 10);
            Map<String, Object> attrs = randomAttributes();
            text.format(range[0], range[1], attrs);
            return path + ".format(" + range[0] + ", " + range[1] + ", " + json(attrs) + ")";
        } else {
            int index = snap(str, rng.nextInt(0, len));
            Map<String, Object> embed = randomEmbed();
            if (rng.nextBool(0.3)) {
                Map<String, Object> attrs = randomAttributes();
                text.insertEmbed(index, embed, attrs);
                return path + ".insertEmbed(" + index + ", " + json(embed) + ", " + json(attrs) + ")";
            }
            text.insertEmbed(index, embed);
            return path + ".insertEmbed(" + index + ", " + json(embed) + ")";
        }
    }

    private String mapOp(YMap map, String path) {
        List<String> keys = sortedKeys(map);
        int r = rng.nextInt(0, 99);
        if (r < 20 && !keys.isEmpty()) {
            String key = rng.pick(keys);
            map.delete(key);
            return path + ".delete(" + json(key) + ")";
        }
        String key;
        if (path.equals("model")) {
            key = rng.pick(MODEL_KEYS);
        } else if (path.equals("runs")) {
            key = "run-" + rng.nextInt(1, 6);
        } else {
            key = !keys.isEmpty() && rng.nextBool(0.5) ? rng.pick(keys) : rng.pick(OBJECT_KEYS);
        }
        if (path.equals("runs") || rng.nextBool(0.2)) {
            AbstractType value = path.equals("runs") ? prelimRun() : randomPrelimType();
            map.set(key, value);
            return path + ".set(" + json(key) + ", new " + value.getClass().getSimpleName() + "("
                    + json(value.toJSON()) + "))";
        }
        Object value = rng.nextBool(0.05) ? randomBinary() : randomJson(0);
        map.set(key, value);
        return path + ".set(" + json(key) + ", " + json(value) + ")";
    }

    private static String describeContent(List<Object> content) {
        List<String> parts = new ArrayList<>();
        for (Object c : content) {
            parts.add(c instanceof AbstractType t
                    ? "new " + t.getClass().getSimpleName() + "(" + json(t.toJSON()) + ")"
                    : json(c));
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private String arrayOp(YArray array, String path) {
        int len = array.length();
        int r = rng.nextInt(0, 99);
        if (r < 30 && len > 0) {
            int index = rng.nextInt(0, len - 1);
            int n = rng.nextInt(1, Math.min(len - index, 3));
            array.delete(index, n);
            return path + ".delete(" + index + ", " + n + ")";
        }
        List<Object> content = path.equals("tests") && rng.nextBool(0.6) ? list(prelimTestCase()) : randomArrayContent(0);
        if (r < 55) {
            array.push(content);
            return path + ".push(" + describeContent(content) + ")";
        } else if (r < 65) {
            array.unshift(content);
            return path + ".unshift(" + describeContent(content) + ")";
        }
        int index = rng.nextInt(0, len);
        array.insert(index, content);
        return path + ".insert(" + index + ", " + describeContent(content) + ")";
    }
}
