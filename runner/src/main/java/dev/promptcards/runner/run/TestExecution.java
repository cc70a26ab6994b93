package dev.promptcards.runner.run;

import dev.promptcards.card.edit.EditStream;
import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.ResultOutcome;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.runner.assertion.AssertionContext;
import dev.promptcards.runner.assertion.Assertions;
import dev.promptcards.runner.assertion.Graders;
import dev.promptcards.runner.assertion.TestGrade;
import dev.promptcards.runner.pricing.PriceTable;
import dev.promptcards.runner.provider.CompletionHandle;
import dev.promptcards.runner.provider.ModelProvider;
import dev.promptcards.runner.provider.Usage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Executes one planned test of a run: its result map appears in the card as running, the provider's output
 * streams into it (gathered by the run's edit stream), then the assertions are graded and the result
 * finished; the result is returned for the database. Blocks the calling (virtual) thread.
 */
final class TestExecution {

    /** The run's parts every test shares. */
    record Context(String runId, ModelProvider provider, ModelSettings model, Semaphore calls, PriceTable prices,
            Graders graders, EditStream stream, Clock clock, CallRegistry registry) {
    }

    /** How often a test waiting for a free provider call looks whether its run was cancelled. */
    private static final long PERMIT_POLL_MS = 100;

    private final Context context;
    private final PlannedTest test;
    /** Output not yet handed to the edit stream. Guarded by itself. */
    private final StringBuilder unsent = new StringBuilder();
    /** The provider's answer, once the call started. */
    private CollectedCompletion completion;

    TestExecution(Context context, PlannedTest test) {
        this.context = context;
        this.test = test;
    }

    /** Runs the test; a cancellation of the run ends it cancelled, never with an exception. */
    TestResult run() {
        String runId = context.runId();
        String key = test.resultKey();
        context.stream().edit(doc -> {
            CardDocument card = CardDocument.of(doc);
            // shown queued when the run began; created here when the card did not get that far
            if (!Runs.setResultStatus(card, runId, key, RunStatus.RUNNING)) {
                Runs.addResult(card, runId, key, RunStatus.RUNNING);
            }
        });
        if (test.prompt() == null) {
            return finish(ResultOutcome.error(test.error()));
        }
        try {
            // waits for a free call of the provider, unless the run is cancelled meanwhile
            while (!context.calls().tryAcquire(PERMIT_POLL_MS, TimeUnit.MILLISECONDS)) {
                if (context.registry().cancelled()) {
                    return finish(cancelled(null, null));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return finish(cancelled(null, null));
        }
        if (context.registry().cancelled()) {
            context.calls().release();
            return finish(cancelled(null, null));
        }
        try {
            return call();
        } finally {
            context.calls().release();
        }
    }

    private TestResult call() {
        completion = new CollectedCompletion(this::streamIntoCard);
        CompletableFuture<Usage> done = completion.done();
        long started = System.nanoTime();
        CompletionHandle handle;
        try {
            handle = context.provider().stream(test.prompt(), context.model(), completion);
        } catch (RuntimeException e) {
            return finish(failed(e, null));
        }
        CallRegistry.Registration registration = context.registry().register(handle, done);
        Usage usage;
        try {
            usage = done.get();
        } catch (InterruptedException e) {
            handle.cancel();
            Thread.currentThread().interrupt();
            return finish(cancelled(null, null));
        } catch (CancellationException e) {
            return finish(cancelled(null, null));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CancellationException) {
                return finish(cancelled(null, null));
            }
            return finish(failed(cause, elapsedMs(started)));
        } finally {
            registration.close();
        }
        long latencyMs = elapsedMs(started);
        Double cost = context.prices().costUsd(context.model().provider(), context.model().model(),
                context.clock().instant(), usage.tokensIn(), usage.tokensOut());
        String text = outputSoFar();
        TestGrade grade = Assertions.grade(test.assertions(), test.threshold(),
                new AssertionContext(text, latencyMs, cost, test.vars(), context.graders()));
        RunStatus status = grade.errors() > 0 ? RunStatus.ERROR : grade.pass() ? RunStatus.PASSED : RunStatus.FAILED;
        List<AssertionResult> assertions = grade.results();
        return finish(new ResultOutcome(status, grade.pass(), grade.score(), assertions, latencyMs, usage.tokensIn(),
                usage.tokensOut(), cost, grade.errors() > 0 ? grade.reason() : null));
    }

    /** Hands output to the run's edit stream: one edit per batch of pieces, however many arrive meanwhile. */
    private void streamIntoCard(String piece) {
        boolean first;
        synchronized (unsent) {
            first = unsent.isEmpty();
            unsent.append(piece);
        }
        if (first) {
            context.stream().edit(doc -> {
                String chunk;
                synchronized (unsent) {
                    chunk = unsent.toString();
                    unsent.setLength(0);
                }
                if (!chunk.isEmpty()) {
                    Runs.appendOutput(CardDocument.of(doc), context.runId(), test.resultKey(), chunk);
                }
            });
        }
    }

    private ResultOutcome failed(Throwable error, Long latencyMs) {
        String message = error.getMessage() == null || error.getMessage().isBlank()
                ? error.getClass().getSimpleName() : error.getMessage();
        return new ResultOutcome(RunStatus.ERROR, false, null, null, latencyMs, null, null, null, message);
    }

    private static ResultOutcome cancelled(Long latencyMs, Double cost) {
        return new ResultOutcome(RunStatus.CANCELLED, null, null, null, latencyMs, null, null, cost, "cancelled");
    }

    /** Writes the outcome into the card after the output streamed so far, and returns the result to store. */
    private TestResult finish(ResultOutcome outcome) {
        String key = test.resultKey();
        context.stream().edit(doc -> Runs.finishResult(CardDocument.of(doc), context.runId(), key, outcome));
        return new TestResult(outcome.status().value(), outputSoFar(), outcome.error() == null ? "" : outcome.error(),
                outcome.pass(), outcome.score(), outcome.assertions() == null ? List.of() : outcome.assertions(),
                outcome.latencyMs(), outcome.tokensIn(), outcome.tokensOut(), outcome.costUsd());
    }

    private String outputSoFar() {
        return completion == null ? "" : completion.output();
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
