package dev.promptcards.crdt.convergence;

/** Where two JSON texts first differ, with context. */
final class Json {

    private Json() {
    }

    static String firstDifference(String labelA, String a, String labelB, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 120);
        return "  first difference at char " + i + " (lengths " + a.length() + " / " + b.length() + ")\n  " + labelA
                + ": ..." + a.substring(from, Math.min(a.length(), i + 120)) + "...\n  " + labelB + ": ..."
                + b.substring(from, Math.min(b.length(), i + 120)) + "...";
    }
}
