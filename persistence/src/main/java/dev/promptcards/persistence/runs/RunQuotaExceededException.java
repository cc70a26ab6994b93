package dev.promptcards.persistence.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * A run refused because its workspace used up a run quota ({@code maxRunsPerDay} or
 * {@code maxCostPerMonthUsd}); nothing was stored. The message names the workspace, the quota and its value,
 * what was used and when the count resets.
 */
public final class RunQuotaExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String quota;
    private final Instant resetsAt;

    /**
     * @param workspace the workspace
     * @param quota     the quota's field name ({@code maxRunsPerDay}, {@code maxCostPerMonthUsd})
     * @param limit     its value as shown ("3", "1.5 USD")
     * @param used      what was used, as a phrase ("3 runs were started today (UTC)")
     * @param resetsAt  when the count starts again
     */
    RunQuotaExceededException(String workspace, String quota, String limit, String used, Instant resetsAt) {
        super("workspace '" + workspace + "' has reached its quota " + quota + " of " + limit + ": " + used
                + "; it resets at " + Objects.requireNonNull(resetsAt, "resetsAt"), null, false, false);
        this.quota = quota;
        this.resetsAt = resetsAt;
    }

    /** @return the quota's field name */
    public String quota() {
        return quota;
    }

    /** @return when the count starts again (the next UTC day or month) */
    public Instant resetsAt() {
        return resetsAt;
    }
}
