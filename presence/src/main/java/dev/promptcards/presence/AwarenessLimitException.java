package dev.promptcards.presence;

import java.util.Objects;

/**
 * Thrown by {@link Awareness#applyUpdate} for a well-formed update that goes past one of the awareness'
 * bounds ({@link Limit}). Like a malformed update, it is refused as a whole: the awareness is left exactly as
 * it was.
 *
 * <p>A subclass of {@link AwarenessDecodeException} so that code catching that one still refuses it; catch
 * this one first to count it as a limit rather than a malformed update.
 */
public final class AwarenessLimitException extends AwarenessDecodeException {

    private static final long serialVersionUID = 1L;

    /** Which bound an update went past. */
    public enum Limit {
        /** Records of more clients than {@link Awareness#maxClients()}. */
        CLIENTS,
        /** A state bigger than {@link Awareness#maxStateBytes()}. */
        STATE_BYTES,
        /** All states together bigger than {@link Awareness#maxTotalBytes()}. */
        TOTAL_BYTES,
        /** A client its sender may not announce: the sender's {@link Awareness.Gate} refused it. */
        SENDER_CLIENTS,
        /** States grown past the sender's budget: {@link Awareness#applyUpdate(byte[], Awareness.Gate, long)}. */
        SENDER_BYTES,
        /** A clock past {@link Awareness#MAX_CLOCK_STEP} above the known one, or past {@link Awareness#MAX_FIRST_CLOCK}. */
        CLOCK_STEP
    }

    private final Limit limit;
    private final long max;

    /**
     * Creates the exception.
     *
     * @param limit   the bound
     * @param max     the bound's value
     * @param message what went past it, for logs
     */
    AwarenessLimitException(Limit limit, long max, String message) {
        super(message, null);
        this.limit = Objects.requireNonNull(limit, "limit");
        this.max = max;
    }

    /**
     * Creates the exception for {@link Limit#CLIENTS}.
     *
     * @param known      the clients the awareness keeps records of
     * @param newClients how many more the update needs (at least: counting stops past the cap)
     * @param maxClients the cap
     */
    AwarenessLimitException(int known, int newClients, int maxClients) {
        this(Limit.CLIENTS, maxClients, "awareness update: " + known + " known clients + at least " + newClients
                + " new > max " + maxClients);
    }

    /**
     * Returns which bound the update went past.
     *
     * @return the bound
     */
    public Limit limit() {
        return limit;
    }

    /**
     * Returns the value of the bound the update went past (for {@link Limit#SENDER_CLIENTS}, 0: the gate
     * knows it).
     *
     * @return the bound's value
     */
    public long max() {
        return max;
    }

    /**
     * Returns the cap on clients, when the limit is {@link Limit#CLIENTS}.
     *
     * @return the most clients the awareness keeps records of
     */
    public int maxClients() {
        return (int) max;
    }
}
