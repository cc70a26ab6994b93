package dev.promptcards.crdt.convergence;

/** A divergence found by the convergence fuzz; the fuzz adds the seed, step and trace to the message. */
final class FuzzFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    FuzzFailure(String message) {
        super(message);
    }

    FuzzFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
