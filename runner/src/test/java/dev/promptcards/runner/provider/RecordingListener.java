package dev.promptcards.runner.provider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** Waits for the completion to end and returns its usage; fails when it ended with an error. */
    Usage awaitUsage() {
        await().atMost(Duration.ofSeconds(20)).until(end::isDone);
        return end.join();
    }

    /** Waits for the completion to end with an error and returns it; fails when it completed. */
    Throwable awaitError() {
        await().atMost(Duration.ofSeconds(20)).until(end::isDone);
        try {
            Usage usage = end.get();
            throw new AssertionError("the completion ended without an error, usage " + usage + ", output " + output());
        } catch (ExecutionException e) {
            assertEquals("error", calls().get(calls().size() - 1));
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
