package dev.promptcards.runner.provider;

/** A completion under way, which its caller can stop (a cancelled run, a per-call timeout). */
public interface CompletionHandle {

    /**
     * Stops the completion, aborting the provider's request if it is still going. Once this returns,
     * the listener gets no further call; cancelling a completion already finished or cancelled does
     * nothing. May be called from any thread, the listener's own included.
     */
    void cancel();
}
