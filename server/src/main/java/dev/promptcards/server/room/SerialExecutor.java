package dev.promptcards.server.room;

import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs tasks one at a time, in the order they were submitted, on threads of a shared pool: a room's
 * mailbox. Many serial executors share one pool; none owns a thread, and an idle one costs nothing.
 *
 * <p>A task submitted before another (by one thread, or ordered by happens-before) runs before it,
 * and everything a task wrote is visible to the tasks after it, whatever pool thread runs them. A
 * task that throws does not stop the executor: the throwable goes to the handler given at
 * construction and the next task runs. After at most {@value #BATCH} tasks in a row the executor
 * hands its thread back to the pool and queues itself again, so a busy room cannot starve others.
 *
 * <p>The executor can be {@linkplain #suspend() suspended} while its owner waits for something that
 * must not block a pool thread (a card loading from the database): tasks are still queued, in order,
 * but none runs until {@link #resume(Runnable)}, whose task then runs before all of them.
 */
public final class SerialExecutor implements Executor {

    /** Tasks run per turn on a pool thread before yielding it. */
    static final int BATCH = 256;

    private final Executor pool;
    private final Consumer<Throwable> onFailure;
    private final Deque<Runnable> tasks = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean suspended = new AtomicBoolean();
    private volatile boolean shutdown;

    /**
     * Creates an executor running on {@code pool}.
     *
     * @param pool      the shared pool that lends threads
     * @param onFailure receives what a task throws (it must not throw itself)
     */
    public SerialExecutor(Executor pool, Consumer<Throwable> onFailure) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    /**
     * Queues a task to run after every task queued before it.
     *
     * @param task the task
     * @throws RejectedExecutionException after {@link #shutdown()}
     */
    @Override
    public void execute(Runnable task) {
        if (!offer(task)) {
            throw new RejectedExecutionException("serial executor is shut down");
        }
    }

    /**
     * Queues a task like {@link #execute(Runnable)}, or tells that the executor is shut down.
     *
     * @param task the task
     * @return false, and nothing queued, after {@link #shutdown()}
     */
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (shutdown) {
            return false;
        }
        tasks.add(task);
        schedule();
        return true;
    }

    /**
     * Runs {@code task} after everything queued so far, then refuses new tasks. The returned future
     * completes when {@code task} (and so everything queued before it) has run; it completes
     * exceptionally if {@code task} throws or if the executor was shut down already. A task offered
     * by another thread at the very moment of the shutdown may still be queued, and run, after
     * {@code task}: tasks must check themselves whether their owner is closed.
     *
     * @param task the last task
     * @return completes when the executor has drained
     */
    public CompletableFuture<Void> shutdown(Runnable task) {
        Objects.requireNonNull(task, "task");
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean queued = offer(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
                throw e;
            }
        });
        if (!queued) {
            done.completeExceptionally(new RejectedExecutionException("serial executor is shut down"));
        }
        shutdown = true;
        return done;
    }

    /**
     * Refuses new tasks; those queued still run.
     *
     * @return completes when the tasks queued before have run
     */
    public CompletableFuture<Void> shutdown() {
        return shutdown(() -> { });
    }

    /**
     * Tells whether {@link #shutdown()} was called.
     *
     * @return true once new tasks are refused
     */
    public boolean isShutdown() {
        return shutdown;
    }

    /**
     * Stops running tasks until {@link #resume(Runnable)}: called from a task, the tasks after it wait;
     * called before any task was queued, every task waits. Tasks are still accepted and kept in order.
     *
     * @return false if the executor was suspended already
     */
    public boolean suspend() {
        return suspended.compareAndSet(false, true);
    }

    /**
     * Ends a {@link #suspend()}: {@code first} runs before every task queued meanwhile, then those
     * tasks in order. May be called from any thread, also after {@link #shutdown()} (the tasks queued
     * before the shutdown still have to run).
     *
     * @param first what to run first, e.g. install what was loaded while the executor waited
     * @return false, and {@code first} not queued, if the executor was not suspended (e.g. another
     *         caller resumed it already)
     */
    public boolean resume(Runnable first) {
        Objects.requireNonNull(first, "first");
        if (!suspended.get()) {
            return false;
        }
        synchronized (suspended) {
            if (!suspended.get()) {
                return false;
            }
            tasks.addFirst(first);
            suspended.set(false);
        }
        schedule();
        return true;
    }

    /**
     * Tells whether the executor is suspended.
     *
     * @return true between {@link #suspend()} and {@link #resume(Runnable)}
     */
    public boolean isSuspended() {
        return suspended.get();
    }

    private void schedule() {
        if (suspended.get()) {
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                int dropped = tasks.size();
                tasks.clear();
                onFailure.accept(new RejectedExecutionException("the pool refused the serial executor; "
                        + dropped + " tasks dropped", e));
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH && !suspended.get(); i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    report(t);
                }
            }
        } finally {
            scheduled.set(false);
            // a task queued (or a resume) after the last poll saw scheduled == true and did not schedule
            if (!tasks.isEmpty() && !suspended.get()) {
                schedule();
            }
        }
    }

    private void report(Throwable t) {
        try {
            onFailure.accept(t);
        } catch (Throwable ignored) {
            // the handler must not throw; if it does, the executor still goes on
        }
    }
}
