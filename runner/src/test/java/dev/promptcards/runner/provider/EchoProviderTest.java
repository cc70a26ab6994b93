package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EchoProviderTest {

    private static final ModelSettings ECHO = new ModelSettings("echo", "any", 0.0, 100L);

    /** An executor whose tasks run only when the test says so, one at a time. */
    private static final class SteppedExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        boolean step() {
            Runnable task = tasks.poll();
            if (task == null) {
                return false;
            }
            task.run();
            return true;
        }

        void runAll() {
            while (step()) {
                // each task may queue the next
            }
        }
    }

    @Test
    void the_output_is_the_user_message_verbatim_in_a_few_pieces() {
        RecordingListener listener = new RecordingListener();
        String user = "  Translate \"good morning\"\ninto French,\tplease.  {{ not a var }} ";

        new EchoProvider().stream(new RenderedPrompt("You are terse.", user), ECHO, listener);

        assertEquals(user, listener.output());
        assertEquals(4, listener.tokens.size());
        assertEquals(List.of("token", "token", "token", "token", "complete"), listener.calls);
    }

    @Test
    void pieces_are_cut_after_whitespace_and_are_the_same_every_time() {
        List<String> pieces = EchoProvider.pieces("one two three four five six", 4);

        assertEquals(List.of("one ", "two three ", "four ", "five six"), pieces);
        assertEquals(pieces, EchoProvider.pieces("one two three four five six", 4));
        assertEquals(List.of("  a  ", "b\n"), EchoProvider.pieces("  a  b\n", 4));
        assertEquals(List.of("a b c"), EchoProvider.pieces("a b c", 1));
        assertEquals(List.of(" \n "), EchoProvider.pieces(" \n ", 4));
        assertEquals(List.of(), EchoProvider.pieces("", 4));
    }

    @Test
    void usage_counts_whitespace_separated_words_of_system_and_user_in_and_of_the_output_out() {
        RecordingListener listener = new RecordingListener();

        new EchoProvider().stream(new RenderedPrompt("Be brief, always.", " Say hello\nto  Ada "), ECHO, listener);

        assertEquals(new Usage(3 + 4, 4), listener.end.join());
    }

    @Test
    void an_empty_user_message_completes_with_no_tokens() {
        RecordingListener listener = new RecordingListener();

        new EchoProvider().stream(new RenderedPrompt("", ""), ECHO, listener);

        assertEquals(List.of("complete"), listener.calls);
        assertEquals(new Usage(0, 0), listener.end.join());
    }

    @Test
    void on_an_executor_each_piece_is_its_own_task_and_the_stream_returns_at_once() {
        SteppedExecutor executor = new SteppedExecutor();
        RecordingListener listener = new RecordingListener();

        new EchoProvider(executor, 3).stream(new RenderedPrompt("", "a b c d e f"), ECHO, listener);

        assertEquals(List.of(), listener.calls);
        assertTrue(executor.step());
        assertEquals(List.of("a b "), listener.tokens);
        executor.runAll();
        assertEquals(List.of("a b ", "c d ", "e f"), listener.tokens);
        assertEquals(List.of("token", "token", "token", "complete"), listener.calls);
    }

    @Test
    void a_cancelled_stream_delivers_no_further_token_and_never_completes() {
        SteppedExecutor executor = new SteppedExecutor();
        RecordingListener listener = new RecordingListener();

        CompletionHandle handle = new EchoProvider(executor, 4)
                .stream(new RenderedPrompt("", "one two three four"), ECHO, listener);
        executor.step();
        handle.cancel();
        executor.runAll();

        assertEquals(List.of("one "), listener.tokens);
        assertEquals(List.of("token"), listener.calls);
        assertFalse(listener.end.isDone());
        handle.cancel();
    }

    @Test
    void cancelling_from_inside_the_listener_stops_the_stream() {
        CompletionHandle[] handle = new CompletionHandle[1];
        RecordingListener recorder = new RecordingListener();
        StreamListener cancelsAfterFirst = new StreamListener() {
            @Override
            public void onToken(String token) {
                recorder.onToken(token);
                if (handle[0] != null) {
                    handle[0].cancel();
                }
            }

            @Override
            public void onComplete(Usage usage) {
                recorder.onComplete(usage);
            }

            @Override
            public void onError(Throwable error) {
                recorder.onError(error);
            }
        };
        SteppedExecutor executor = new SteppedExecutor();

        handle[0] = new EchoProvider(executor, 4).stream(new RenderedPrompt("", "w x y z"), ECHO, cancelsAfterFirst);
        executor.runAll();

        assertEquals(List.of("w "), recorder.tokens);
        assertEquals(List.of("token"), recorder.calls);
    }

    @Test
    void cancelling_a_finished_stream_does_nothing() {
        RecordingListener listener = new RecordingListener();

        CompletionHandle handle = new EchoProvider().stream(new RenderedPrompt("", "done now"), ECHO, listener);
        handle.cancel();

        assertEquals(List.of("token", "token", "complete"), listener.calls);
    }

    @Test
    void on_a_thread_pool_the_whole_message_arrives_in_order() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            RecordingListener listener = new RecordingListener();
            String user = "the quick brown fox jumps over the lazy dog";

            new EchoProvider(pool, 4).stream(new RenderedPrompt("sys", user), ECHO, listener);

            assertEquals(new Usage(10, 9), listener.end.get(10, TimeUnit.SECONDS));
            assertEquals(user, listener.output());
            assertEquals(List.of("token", "token", "token", "token", "complete"), listener.calls);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_provider_is_named_echo_and_needs_at_least_one_piece() {
        assertEquals("echo", new EchoProvider().name());
        assertEquals(EchoProvider.DEFAULT_MAX_PIECES, new EchoProvider().maxPieces());
        assertThrows(IllegalArgumentException.class, () -> new EchoProvider(Runnable::run, 0));
    }

    @Test
    void usage_refuses_negative_counts() {
        assertThrows(IllegalArgumentException.class, () -> new Usage(-1, 0));
    }
}
