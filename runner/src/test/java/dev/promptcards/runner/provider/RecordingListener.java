package dev.promptcards.runner.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records what a completion delivers, in order; {@link #end} completes with its last call. */
final class RecordingListener implements StreamListener {

    final List<String> calls = new ArrayList<>();
    final List<String> tokens = new ArrayList<>();
    final CompletableFuture<Usage> end = new CompletableFuture<>();

    @Override
    public synchronized void onToken(String token) {
        calls.add("token");
        tokens.add(token);
    }

    @Override
    public synchronized void onComplete(Usage usage) {
        calls.add("complete");
        end.complete(usage);
    }

    @Override
    public synchronized void onError(Throwable error) {
        calls.add("error");
        end.completeExceptionally(error);
    }

    synchronized String output() {
        return String.join("", tokens);
    }
}
