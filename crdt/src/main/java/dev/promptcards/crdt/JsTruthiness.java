package dev.promptcards.crdt;

import dev.promptcards.crdt.lib0.Undefined;

/** JS truthiness of values of the lib0 value model (where Yjs reads options with {@code ||}). */
final class JsTruthiness {
    private JsTruthiness() { }

    static boolean isTruthy(Object value) {
        if (value == null || value == Undefined.INSTANCE) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d != 0 && !Double.isNaN(d);
        }
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        return true;
    }
}
