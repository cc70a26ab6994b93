package dev.promptcards.persistence.admin;

/** The checks of the free text the admin store keeps (names, subjects, actors, actions). */
final class AdminText {
    /** The longest name, subject, actor or action kept: plenty for a label, short enough for a log line. */
    static final int MAX_LENGTH = 256;

    private AdminText() {
    }

    /**
     * Checks a required piece of text.
     *
     * @throws IllegalArgumentException if it is null, blank when {@code blankAllowed} is false, longer than
     *                                  {@link #MAX_LENGTH} or holds what PostgreSQL cannot store
     */
    static String check(String what, String text, boolean blankAllowed) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!blankAllowed && text.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        checkStorable(what, text);
        return text;
    }

    /**
     * Checks that PostgreSQL can store a text: no U+0000 (its text types refuse it) and no lone surrogate
     * (it cannot be encoded as UTF-8).
     */
    static String checkStorable(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(what + " contains U+0000 at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " contains a lone surrogate at index " + i);
            }
        }
        return text;
    }
}
