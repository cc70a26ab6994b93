package dev.promptcards.runner.run;

/** What {@link RunService#cancel} did. */
public enum CancelOutcome {
    /** The run was queued or running and is cancelled (a running one stops shortly). */
    CANCELLED,
    /** The run had already ended; nothing changed. */
    ALREADY_FINISHED,
    /** The card has no run of that id. */
    NOT_FOUND
}
