package dev.promptcards.server.net;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor whose tasks run when the test says so, on the test's thread: the "event loop" of the writes
 * to an {@code EmbeddedChannel}, which is not thread-safe, while rooms send from their own threads.
 */
final class ManualExecutor implements Executor {

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs the queued tasks, and those they queue, until none is left. */
    void runAll() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }
}
