package dev.promptcards.crdt.convergence;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.testing.YjsNode;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Explaining differences between updates: first differing byte, and the first differing struct (as Yjs decodes them). */
final class Bytes {

    private Bytes() {
    }

    static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, from); i < Math.min(b.length, to); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    /** Null when the lists are equal, else what differs. */
    static String compareLists(YjsNode node, String labelA, List<byte[]> a, String labelB, List<byte[]> b) {
        if (a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!Arrays.equals(a.get(i), b.get(i))) {
                    return "update #" + i + " of " + a.size() + " differs:\n" + explain(node, labelA, a.get(i), labelB, b.get(i));
                }
            }
            return null;
        }
        StringBuilder sb = new StringBuilder(labelA + " emitted " + a.size() + " update(s), " + labelB + " emitted "
                + b.size() + ":");
        for (int i = 0; i < a.size(); i++) {
            sb.append("\n  ").append(labelA).append(" #").append(i).append(": ").append(describe(node, a.get(i)));
        }
        for (int i = 0; i < b.size(); i++) {
            sb.append("\n  ").append(labelB).append(" #").append(i).append(": ").append(describe(node, b.get(i)));
        }
        return sb.toString();
    }

    /** First differing byte offset (with hex context) and the first differing struct / delete set entry. */
    static String explain(YjsNode node, String labelA, byte[] a, String labelB, byte[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("  first differing byte at offset ").append(i).append(" (").append(labelA).append(' ')
                .append(a.length).append(" bytes, ").append(labelB).append(' ').append(b.length).append(" bytes)\n");
        sb.append("  ").append(labelA).append(" [").append(Math.max(0, i - 16)).append("..]: ")
                .append(hex(a, i - 16, i)).append('|').append(hex(a, i, i + 24)).append('\n');
        sb.append("  ").append(labelB).append(" [").append(Math.max(0, i - 16)).append("..]: ")
                .append(hex(b, i - 16, i)).append('|').append(hex(b, i, i + 24)).append('\n');
        if (node != null) {
            sb.append(structDiff(node, labelA, a, labelB, b));
        }
        if (a.length + b.length <= 600) {
            sb.append("\n  ").append(labelA).append(": ").append(hex(a));
            sb.append("\n  ").append(labelB).append(": ").append(hex(b));
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    static String structDiff(YjsNode node, String labelA, byte[] a, String labelB, byte[] b) {
        Object da;
        Object db;
        try {
            da = node.call("decodeUpdate", Map.of("update", YjsNode.b64(a)));
        } catch (RuntimeException e) {
            return "  Yjs cannot decode " + labelA + ": " + firstLine(e);
        }
        try {
            db = node.call("decodeUpdate", Map.of("update", YjsNode.b64(b)));
        } catch (RuntimeException e) {
            return "  Yjs cannot decode " + labelB + ": " + firstLine(e);
        }
        List<Object> sa = (List<Object>) ((Map<String, Object>) da).get("structs");
        List<Object> sb = (List<Object>) ((Map<String, Object>) db).get("structs");
        for (int k = 0; k < Math.max(sa.size(), sb.size()); k++) {
            Object x = k < sa.size() ? sa.get(k) : null;
            Object y = k < sb.size() ? sb.get(k) : null;
            if (x == null || !x.equals(y)) {
                return "  first differing struct (#" + k + " of " + sa.size() + " / " + sb.size() + "):\n    "
                        + labelA + ": " + JsJson.stringify(x) + "\n    " + labelB + ": " + JsJson.stringify(y)
                        + (k > 0 ? "\n    (previous, equal: " + JsJson.stringify(sa.get(k - 1)) + ")" : "");
            }
        }
        Object dsa = ((Map<String, Object>) da).get("ds");
        Object dsb = ((Map<String, Object>) db).get("ds");
        if (!dsa.equals(dsb)) {
            return "  structs equal (as Yjs reads them); delete sets differ:\n    " + labelA + ": "
                    + abbreviate(JsJson.stringify(dsa), 800) + "\n    " + labelB + ": " + abbreviate(JsJson.stringify(dsb), 800);
        }
        return "  structs and delete sets read equal by Yjs (the difference is in the encoding itself)";
    }

    static String describe(YjsNode node, byte[] u) {
        return node == null ? hex(u, 0, 64) : abbreviate(node.describeUpdate(u), 600);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...(" + s.length() + " chars)";
    }

    private static String firstLine(RuntimeException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }
}
