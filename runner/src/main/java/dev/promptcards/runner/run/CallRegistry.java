package dev.promptcards.runner.run;

import dev.promptcards.runner.provider.CompletionHandle;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The provider calls of one run under way, so that cancelling the run aborts them all at once. */
final class CallRegistry {

    /** A registered call; closing it forgets the call. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Call(CompletionHandle handle, CompletableFuture<?> done) {
    }

    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private volatile String cancelled;

    /** Registers a call; one registered after {@link #cancelAll} is cancelled at once. */
    Registration register(CompletionHandle handle, CompletableFuture<?> done) {
        Call call = new Call(handle, done);
        calls.add(call);
        if (cancelled != null) {
            cancel(call, cancelled);
        }
        return () -> calls.remove(call);
    }

    /** Whether {@link #cancelAll} was called. */
    boolean cancelled() {
        return cancelled != null;
    }

    /** Aborts every call under way and every one registered later. */
    void cancelAll(String reason) {
        cancelled = reason;
        calls.forEach(call -> cancel(call, reason));
    }

    private static void cancel(Call call, String reason) {
        call.handle().cancel();
        call.done().completeExceptionally(new CancellationException(reason));
    }
}
