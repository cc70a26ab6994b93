package dev.promptcards.card.schema;

import java.util.Optional;

/** The status of a run, and of one test's result in it, as stored ({@link #value()}). */
public enum RunStatus {
    /** Waiting to start. */
    QUEUED("queued"),
    /** Calling the model, output streaming in. */
    RUNNING("running"),
    /** Done, and every assertion passed. */
    PASSED("passed"),
    /** Done, and an assertion failed. */
    FAILED("failed"),
    /** Could not be done (the provider failed, the template could not be rendered, ...). */
    ERROR("error"),
    /** Stopped on request. */
    CANCELLED("cancelled");

    private final String value;

    RunStatus(String value) {
        this.value = value;
    }

    /** The status as the document stores it. */
    public String value() {
        return value;
    }

    /** Whether nothing changes any more once a run or result has this status. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    /** The status stored as {@code value}, or empty for anything else. */
    public static Optional<RunStatus> parse(String value) {
        for (RunStatus status : values()) {
            if (status.value.equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
