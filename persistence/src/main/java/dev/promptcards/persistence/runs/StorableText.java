package dev.promptcards.persistence.runs;

/**
 * What PostgreSQL text can hold: any string but one with U+0000 (refused: "invalid byte sequence for
 * encoding UTF8: 0x00") or a lone surrogate (not UTF-8; the driver would write '?').
 *
 * <p>Free text (output, errors, names, JSON) is stored with each such char replaced by U+FFFD, the
 * replacement character, rather than failing the write and losing the whole result; keys (run ids,
 * result keys) are refused instead, since a changed key would find nothing.
 */
final class StorableText {

    /** What replaces a char PostgreSQL cannot store. */
    static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} as PostgreSQL can store it; the same instance when it already can; null stays null. */
    static String of(String text) {
        if (text == null || storable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pairStartsAt(text, i)) {
                out.append(c).append(text.charAt(i + 1));
                i++;
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Checks a key: present, not empty, and storable as it is.
     *
     * @throws NullPointerException     when it is null
     * @throws IllegalArgumentException when it is empty or holds a char PostgreSQL cannot store
     */
    static String requireKey(String what, String key) {
        if (key == null) {
            throw new NullPointerException(what);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty: give a non-empty " + what);
        }
        if (!storable(key)) {
            throw new IllegalArgumentException(what + " '" + of(key) + "' holds a NUL character or a lone "
                    + "surrogate, which PostgreSQL cannot store: use another " + what);
        }
        return key;
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (pairStartsAt(text, i)) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A high surrogate at {@code i} followed by a low one: one code point, storable. */
    private static boolean pairStartsAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
