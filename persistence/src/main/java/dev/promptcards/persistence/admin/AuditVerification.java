package dev.promptcards.persistence.admin;

/**
 * What {@link AuditLog#verify} found.
 *
 * @param valid    whether every row's hash is the one recomputed from the chain
 * @param entries  how many rows the workspace's log has
 * @param firstBad the id of the first row that does not match (null when valid)
 */
public record AuditVerification(boolean valid, long entries, Long firstBad) {

    /** Checks that a valid log has no bad row and an invalid one names it. */
    public AuditVerification {
        if (valid != (firstBad == null)) {
            throw new IllegalArgumentException("firstBad must be null exactly when the log is valid");
        }
    }
}
