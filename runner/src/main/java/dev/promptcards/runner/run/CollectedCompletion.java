package dev.promptcards.runner.run;

import dev.promptcards.runner.provider.StreamListener;
import dev.promptcards.runner.provider.Usage;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One completion as its caller waits for it: the output gathered as it streams, each piece also handed on
 * (a test streams it into the card), and its end as a future that completes with the usage or the error.
 * Pieces arriving after the end (a cancelled call) are dropped.
 */
final class CollectedCompletion implements StreamListener {

    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<Usage> done = new CompletableFuture<>();
    private final Consumer<String> pieces;

    /**
     * @param pieces gets each piece of the output, in order, on the provider's thread
     */
    CollectedCompletion(Consumer<String> pieces) {
        this.pieces = pieces;
    }

    @Override
    public void onToken(String token) {
        if (done.isDone()) {
            return;
        }
        synchronized (output) {
            output.append(token);
        }
        pieces.accept(token);
    }

    @Override
    public void onComplete(Usage usage) {
        done.complete(usage);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    /** Completes with the usage when the completion ends; exceptionally with its error, or when cancelled. */
    CompletableFuture<Usage> done() {
        return done;
    }

    /** The output so far (all of it once {@link #done()} completed). */
    String output() {
        synchronized (output) {
            return output.toString();
        }
    }
}
