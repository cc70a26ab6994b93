package dev.promptcards.runner.run;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.card.edit.EditStream;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.RunStart;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.runs.ClaimedRun;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.runner.assertion.Embedder;
import dev.promptcards.runner.assertion.Graders;
import dev.promptcards.runner.provider.ModelProvider;
import dev.promptcards.runner.pricing.PriceTable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one claimed run: its tests run concurrently (bounded by the provider's calls), stream into the
 * card and are stored one by one; the run then ends with its figures, in the card and in the database. A
 * cancelled run stops its provider calls and ends cancelled; a run whose claim was lost (another node took it
 * over) stops without ending, since its new owner ends it.
 */
final class RunExecution {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecution.class);

    /** What every run of this node shares. */
    record Services(CardEditor editor, RunStore store, RunnerSettings settings, Clock clock, PriceTable prices,
            Embedder embedder) {

        /**
         * Ends a claimed run with one {@code finishedAt}: in the database, then in the card (without waiting:
         * the database is the record, the card shows it as soon as it can).
         */
        void end(ClaimedRun claimed, RunStatus status, RunSummary summary, String error) {
            Instant finishedAt = clock.instant();
            store.finish(claimed.id(), status, finishedAt, summary, error);
            CardKey card = new CardKey(claimed.card().workspace(), claimed.card().name());
            editor.edit(card, Author.run(claimed.id()),
                    doc -> Runs.finish(CardDocument.of(doc), claimed.id(), status, finishedAt, summary, error))
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            LOG.warn("run {}: card {} could not show its end: {}", claimed.id(), card,
                                    failure.toString());
                        }
                    });
        }
    }

    private final Services services;
    private final ClaimedRun claimed;
    private final RunPlan plan;
    private final ModelProvider provider;
    private final Semaphore calls;
    private final CallRegistry registry = new CallRegistry();
    private final ExecutorService tests = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("promptcards-run-test-", 0).factory());
    private volatile String cancelReason;
    private volatile boolean claimLost;

    RunExecution(Services services, ClaimedRun claimed, RunPlan plan, ModelProvider provider,
            Semaphore calls) {
        this.services = services;
        this.claimed = claimed;
        this.plan = plan;
        this.provider = provider;
        this.calls = calls;
    }

    String runId() {
        return claimed.id();
    }

    /** Cancels the run: its provider calls are aborted and it ends cancelled. */
    void cancel(String reason) {
        // no interrupts: a test's thread may be writing to the database, which an interrupt would break
        cancelReason = reason;
        registry.cancelAll(reason);
    }

    /** Another node took the run over: stop without ending it. */
    void claimLost() {
        claimLost = true;
        cancel("the run was taken over by another node");
    }

    /** Executes the run to its end; called once, on its own thread. */
    void execute() {
        CardKey card = new CardKey(claimed.card().workspace(), claimed.card().name());
        Author author = Author.run(claimed.id());
        showRunning(card, author);
        Map<String, TestResult> results = new LinkedHashMap<>(claimed.savedResults());
        try (EditStream stream = services.editor().stream(card, author, services.settings().outputWindow())) {
            Graders graders = new Graders(new ProviderJudge(provider, plan.model()), services.embedder());
            TestExecution.Context context = new TestExecution.Context(claimed.id(), provider, plan.model(), calls,
                    services.prices(), graders, stream, services.clock(), registry);
            List<Future<TestResult>> running = new ArrayList<>();
            List<PlannedTest> started = new ArrayList<>();
            for (PlannedTest test : plan.tests()) {
                if (results.containsKey(test.resultKey()) || cancelReason != null) {
                    continue;
                }
                started.add(test);
                running.add(tests.submit(() -> {
                    TestResult result = new TestExecution(context, test).run();
                    if (!claimLost) {
                        services.store().saveResult(claimed.id(), test.resultKey(), result);
                    }
                    return result;
                }));
            }
            tests.shutdown();
            boolean unsaved = false;
            for (int i = 0; i < running.size(); i++) {
                TestResult result = await(running.get(i));
                if (result != null) {
                    results.put(started.get(i).resultKey(), result);
                } else {
                    unsaved = true;
                }
            }
            if (claimLost) {
                return;
            }
            if (unsaved && cancelReason == null) {
                // a result that could not be stored (the database went away): leave the run to its lease, so
                // that it is resumed, and the tests without a stored result run again, once the database is back
                LOG.warn("run {} of card {}: not every result could be stored; it is resumed when its lease ends",
                        claimed.id(), card);
                return;
            }
            end(card, stream, results);
        } catch (RuntimeException e) {
            LOG.error("run {} of card {} failed", claimed.id(), card, e);
            if (!claimLost) {
                RunSummary summary = RunTally.summary(results.values());
                services.end(claimed, RunStatus.ERROR, summary,
                        "the run stopped on an internal error: " + e.getMessage());
            }
        } finally {
            tests.shutdown();
        }
    }

    private void end(CardKey card, EditStream stream, Map<String, TestResult> results) {
        RunSummary summary = RunTally.summary(results.values());
        RunStatus status = cancelReason != null ? RunStatus.CANCELLED : RunTally.status(summary);
        String error = cancelReason;
        try {
            stream.flush().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("run {}: the last output of card {} could not be written: {}", claimed.id(), card, e.toString());
        }
        // the store cannot tell who ends a run: a node whose claim ran out leaves the ending to the node resuming it
        if (!services.store().renew(claimed.id(), services.settings().node(), services.settings().lease())) {
            LOG.warn("run {}: its claim was taken over before it ended; the new owner ends it", claimed.id());
            return;
        }
        services.end(claimed, status, summary, error);
        LOG.info("run {} of card {} ended {}: {} passed, {} failed, {} errors", claimed.id(), card, status.value(),
                summary.passed(), summary.failed(), summary.errors());
    }

    private TestResult await(Future<TestResult> test) {
        try {
            return test.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            LOG.error("run {}: a test failed unexpectedly", claimed.id(), e.getCause());
            return null;
        }
    }

    /** The run map shows running (created first if the card lost it, or the run was queued elsewhere). */
    private void showRunning(CardKey card, Author author) {
        try {
            services.editor().edit(card, author, doc -> {
                CardDocument cardDoc = CardDocument.of(doc);
                if (!Runs.has(cardDoc, claimed.id())) {
                    Runs.create(cardDoc, claimed.id(), new RunStart(plan.model().provider(), plan.model().model(),
                            claimed.by(), claimed.createdAt(), claimed.stateVector()));
                    RunsInDocument.keepNewest(cardDoc, services.settings().runsInDocument());
                }
                Runs.setStatus(cardDoc, claimed.id(), RunStatus.RUNNING);
                // every test to come shows queued, so the panel knows how many there are from the start
                for (PlannedTest test : plan.tests()) {
                    if (!claimed.savedResults().containsKey(test.resultKey())) {
                        Runs.addResult(cardDoc, claimed.id(), test.resultKey(), RunStatus.QUEUED);
                    }
                }
                return null;
            }).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("run {}: card {} could not show it running: {}", claimed.id(), card, e.toString());
        }
    }
}
