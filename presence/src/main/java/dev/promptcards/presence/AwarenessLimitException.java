package dev.promptcards.presence;

/**
 * Thrown by {@link Awareness#applyUpdate(byte[])} for a well-formed update that would make the awareness
 * keep records of more clients than its cap ({@link Awareness#maxClients()}). Like a malformed update, it is
 * refused as a whole: the awareness is left exactly as it was.
 *
 * <p>A subclass of {@link AwarenessDecodeException} so that code catching that one still refuses it; catch
 * this one first to count it as a limit rather than a malformed update.
 */
public final class AwarenessLimitException extends AwarenessDecodeException {

    private static final long serialVersionUID = 1L;

    private final int maxClients;

    /**
     * Creates the exception.
     *
     * @param known      the clients the awareness keeps records of
     * @param newClients how many more the update needs (at least: counting stops past the cap)
     * @param maxClients the cap
     */
    AwarenessLimitException(int known, int newClients, int maxClients) {
        super("awareness update: " + known + " known clients + at least " + newClients + " new > max "
                + maxClients, null);
        this.maxClients = maxClients;
    }

    /**
     * Returns the cap the update would have exceeded.
     *
     * @return the most clients the awareness keeps records of
     */
    public int maxClients() {
        return maxClients;
    }
}
