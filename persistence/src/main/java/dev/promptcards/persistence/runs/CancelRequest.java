package dev.promptcards.persistence.runs;

/** What {@link RunStore#requestCancel} found and did. */
public enum CancelRequest {
    /** The run was queued: it is cancelled now (status cancelled, finished_at set); no worker will take it. */
    CANCELLED,
    /** The run is running: its cancel flag is set, and its worker stops it and ends it cancelled. */
    REQUESTED,
    /** The run had already ended; nothing changed. */
    ALREADY_FINISHED,
    /** The card has no run of that id. */
    NOT_FOUND
}
