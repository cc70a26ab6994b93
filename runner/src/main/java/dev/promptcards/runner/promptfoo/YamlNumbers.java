package dev.promptcards.runner.promptfoo;

/** Numbers as a promptfoo config writes them: a whole number without a fraction ({@code 1}, not {@code 1.0}). */
final class YamlNumbers {

    private YamlNumbers() {
    }

    /** A whole double as a Long (2.0 as 2), any other as it is; null stays null. */
    static Object plain(Double value) {
        if (value == null) {
            return null;
        }
        double d = value;
        if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
            return (long) d;
        }
        return value;
    }
}
