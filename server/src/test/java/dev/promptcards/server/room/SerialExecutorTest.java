package dev.promptcards.server.room;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void tasks_run_one_at_a_time_in_submission_order() {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        List<Integer> seen = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();

        for (int i = 0; i < 20_000; i++) {
            int n = i;
            serial.execute(() -> {
                if (!running.compareAndSet(false, true)) {
                    overlaps.incrementAndGet();
                }
                seen.add(n);
                running.set(false);
            });
        }
        serial.shutdown().join();

        assertEquals(0, overlaps.get());
        assertEquals(IntStream.range(0, 20_000).boxed().toList(), seen);
        assertEquals(List.of(), failures);
    }

    @Test
    void tasks_from_many_threads_never_overlap_and_keep_each_threads_order() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        List<int[]> seen = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean();
        AtomicInteger overlaps = new AtomicInteger();
        int threads = 6;
        int perThread = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            submitters.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    serial.execute(() -> {
                        if (!running.compareAndSet(false, true)) {
                            overlaps.incrementAndGet();
                        }
                        seen.add(new int[] {thread, n});
                        running.set(false);
                    });
                }
            }));
        }
        go.countDown();
        for (Thread submitter : submitters) {
            submitter.join();
        }
        serial.shutdown().join();

        assertEquals(0, overlaps.get());
        assertEquals(threads * perThread, seen.size());
        int[] next = new int[threads];
        for (int[] entry : seen) {
            assertEquals(next[entry[0]]++, entry[1]);
        }
    }

    @Test
    void a_throwing_task_does_not_stop_the_executor() {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        List<String> ran = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");

        serial.execute(() -> ran.add("first"));
        serial.execute(() -> {
            throw boom;
        });
        serial.execute(() -> {
            throw new StackOverflowError("deep");
        });
        serial.execute(() -> ran.add("after"));
        serial.shutdown().join();

        assertEquals(List.of("first", "after"), ran);
        assertEquals(2, failures.size());
        assertEquals(boom, failures.get(0));
        assertEquals("deep", failures.get(1).getMessage());
    }

    @Test
    void shutdown_runs_what_was_queued_then_refuses_new_tasks() {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        CountDownLatch hold = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add("queued");
        });

        var drained = serial.shutdown(() -> ran.add("last"));
        assertTrue(serial.isShutdown());
        assertFalse(serial.offer(() -> ran.add("refused")));
        assertThrows(RejectedExecutionException.class, () -> serial.execute(() -> ran.add("refused")));
        hold.countDown();
        drained.join();

        assertEquals(List.of("queued", "last"), ran);
    }

    @Test
    void a_busy_executor_hands_its_thread_to_others_after_a_batch() throws InterruptedException {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch blocked = new CountDownLatch(1);
            single.execute(() -> {
                try {
                    blocked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            SerialExecutor busy = new SerialExecutor(single, failures::add);
            SerialExecutor other = new SerialExecutor(single, failures::add);
            List<String> ran = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                busy.execute(() -> ran.add("busy"));
            }
            other.execute(() -> ran.add("other"));

            blocked.countDown();
            await().until(() -> ran.size() == 1_001);

            assertEquals(SerialExecutor.BATCH, ran.indexOf("other"));
        } finally {
            single.shutdownNow();
            assertTrue(single.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void a_suspended_executor_keeps_its_tasks_in_order_and_runs_the_resume_task_first() {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        List<String> ran = new CopyOnWriteArrayList<>();
        serial.execute(() -> {
            ran.add("suspends");
            serial.suspend();
        });
        serial.execute(() -> ran.add("one"));
        serial.execute(() -> ran.add("two"));
        await().until(() -> ran.size() == 1);

        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 1);
        assertTrue(serial.isSuspended());
        assertTrue(serial.resume(() -> ran.add("first")));
        assertFalse(serial.resume(() -> ran.add("again")));
        serial.shutdown().join();

        assertEquals(List.of("suspends", "first", "one", "two"), ran);
        assertEquals(List.of(), failures);
    }

    @Test
    void a_suspended_executor_holds_back_the_tasks_of_every_thread_in_their_order() throws InterruptedException {
        SerialExecutor serial = new SerialExecutor(pool, failures::add);
        serial.suspend();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t * 1000;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    int n = offset + i;
                    serial.execute(() -> ran.add(n));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), ran);

        serial.resume(() -> { });
        serial.shutdown().join();

        assertEquals(4000, ran.size());
        for (int t = 0; t < 4; t++) {
            int offset = t * 1000;
            assertEquals(IntStream.range(offset, offset + 1000).boxed().toList(),
                    ran.stream().filter(n -> n >= offset && n < offset + 1000).toList());
        }
    }
}
