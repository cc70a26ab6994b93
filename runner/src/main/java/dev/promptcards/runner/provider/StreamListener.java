package dev.promptcards.runner.provider;

/**
 * Receives one completion as it streams. The calls are made one at a time, in order: any number of
 * {@link #onToken}, then exactly one of {@link #onComplete} or {@link #onError}, unless the completion
 * is cancelled first, after which none is made. A listener should return quickly and not throw.
 */
public interface StreamListener {

    /** The next piece of the output, never empty; the pieces concatenated are the whole output. */
    void onToken(String token);

    /** The output is complete; {@code usage} is what the provider reported. */
    void onComplete(Usage usage);

    /** The completion failed: no further call follows. */
    void onError(Throwable error);
}
