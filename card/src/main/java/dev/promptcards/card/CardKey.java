package dev.promptcards.card;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a card: the card {@code card} of the workspace {@code workspace}, as in the WebSocket path
 * {@code /ws/{workspace}/{card}}.
 *
 * <p>Both parts are 1 to 128 characters of {@code [A-Za-z0-9._-]}, so a key is safe in a URL path,
 * a log line and a metric without escaping.
 *
 * @param workspace the workspace id
 * @param card      the card id within the workspace
 */
public record CardKey(String workspace, String card) {

    /** The longest workspace or card id accepted. */
    public static final int MAX_LENGTH = 128;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    /**
     * Checks both parts.
     *
     * @throws IllegalArgumentException if a part is empty, longer than {@link #MAX_LENGTH} or holds a
     *                                  character outside {@code [A-Za-z0-9._-]}
     */
    public CardKey {
        check("workspace", workspace);
        check("card", card);
    }

    /**
     * Tells whether {@code id} is a valid workspace or card id.
     *
     * @param id the candidate, may be null
     * @return true if it is 1 to 128 characters of {@code [A-Za-z0-9._-]}
     */
    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /**
     * Checks a workspace or card id against the rule above.
     *
     * @param what what the id names ("workspace" or "card"), for the message
     * @param id   the candidate
     * @return {@code id}
     * @throws NullPointerException     if {@code id} is null
     * @throws IllegalArgumentException if it breaks the rule; the message says what the rule is
     */
    public static String checkId(String what, String id) {
        check(what, id);
        return id;
    }

    private static void check(String what, String id) {
        Objects.requireNonNull(id, what);
        if (!isValidId(id)) {
            throw new IllegalArgumentException(what + " id must be 1 to " + MAX_LENGTH
                    + " characters of [A-Za-z0-9._-]");
        }
    }

    /**
     * Returns {@code workspace/card}, the name used in log lines.
     *
     * @return the key as a path
     */
    @Override
    public String toString() {
        return workspace + "/" + card;
    }
}
