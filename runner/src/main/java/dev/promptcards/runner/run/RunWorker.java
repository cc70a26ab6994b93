package dev.promptcards.runner.run;

import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.persistence.runs.ClaimedRun;
import dev.promptcards.runner.provider.ModelProvider;
import dev.promptcards.runner.provider.Providers;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes runs from the queue in the database and executes them on this node: at most
 * {@link RunnerSettings#maxRuns()} at once, each run's provider calls bounded per provider (shared by all runs
 * of the node). The queue is looked at when a run is queued here ({@link #wake()}) and every poll interval
 * (runs queued on other nodes, runs whose node died). While a run executes, its claim is renewed and its
 * cancel flag read every third of the lease.
 */
public final class RunWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunWorker.class);

    /** How often a run is claimed before it is given up: the first claim and two resumptions. */
    static final int MAX_CLAIMS = 3;

    private final RunExecution.Services services;
    private final Providers providers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("promptcards-run-queue").daemon().factory());
    private final Map<String, RunExecution> active = new ConcurrentHashMap<>();
    private final Map<String, Semaphore> callsByProvider = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean closed;

    RunWorker(RunExecution.Services services, Providers providers) {
        this.services = services;
        this.providers = providers;
    }

    /** Starts looking at the queue. */
    void start() {
        long poll = services.settings().pollInterval().toMillis();
        timer.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
        long renew = Math.max(100, services.settings().lease().toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewClaims, renew, renew, TimeUnit.MILLISECONDS);
    }

    /** Looks at the queue now (a run was just queued). */
    void wake() {
        if (!closed) {
            timer.execute(this::poll);
        }
    }

    /** Cancels a run if this node executes it; true if it did. */
    boolean cancelHere(String runId, String reason) {
        RunExecution execution = active.get(runId);
        if (execution == null) {
            return false;
        }
        execution.cancel(reason);
        return true;
    }

    /** Runs executing on this node now. */
    int activeRuns() {
        return active.size();
    }

    private void poll() {
        if (closed || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            while (!closed && active.size() < services.settings().maxRuns()) {
                Optional<ClaimedRun> next = services.store().claim(services.settings().node(),
                        services.settings().lease());
                if (next.isEmpty()) {
                    return;
                }
                begin(next.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("the run queue could not be read (retrying in {}): {}", services.settings().pollInterval(),
                    e.toString());
        } finally {
            polling.set(false);
        }
    }

    private void begin(ClaimedRun claimed) {
        RunPlan plan;
        ModelProvider provider;
        try {
            plan = RunPlanJson.read(claimed.planJson());
            provider = providers.require(plan.model().provider());
        } catch (RuntimeException e) {
            // the plan cannot run here (a provider no longer configured): end it with the reason, never stuck
            String error = "the run cannot execute: " + e.getMessage();
            LOG.warn("run {}: {}", claimed.id(), error);
            endUnexecuted(claimed, RunStatus.ERROR, error);
            return;
        }
        if (services.store().cancelRequested(claimed.id())) {
            // cancelled while its last node was stopping: end it without calling anyone
            endUnexecuted(claimed, RunStatus.CANCELLED, "cancelled");
            return;
        }
        if (claimed.claims() > MAX_CLAIMS) {
            // each claim before ended with its node gone: a run that brings nodes down is not tried again
            String error = "the run was interrupted " + (claimed.claims() - 1) + " times (the node executing it"
                    + " stopped each time); it is not tried again";
            LOG.warn("run {}: {}", claimed.id(), error);
            endUnexecuted(claimed, RunStatus.ERROR, error);
            return;
        }
        if (claimed.resumed()) {
            LOG.info("run {} of card {} resumed: {} of {} tests were done", claimed.id(), claimed.card(),
                    claimed.savedResults().size(), plan.tests().size());
        }
        Semaphore calls = callsByProvider.computeIfAbsent(provider.name(),
                name -> new Semaphore(providers.settings().concurrency()));
        RunExecution execution = new RunExecution(services, claimed, plan, provider, calls);
        active.put(claimed.id(), execution);
        Thread.ofVirtual().name("promptcards-run-" + claimed.id()).start(() -> {
            try {
                execution.execute();
            } finally {
                active.remove(claimed.id());
                wake();
            }
        });
    }

    /** Ends a claimed run that will not execute, in the database and in the card, with what it has so far. */
    private void endUnexecuted(ClaimedRun claimed, RunStatus status, String error) {
        services.end(claimed, status, RunTally.summary(claimed.savedResults().values()), error);
    }

    private void renewClaims() {
        for (RunExecution execution : active.values()) {
            String runId = execution.runId();
            try {
                if (!services.store().renew(runId, services.settings().node(), services.settings().lease())) {
                    LOG.warn("run {}: its claim was taken over; this node stops executing it", runId);
                    execution.claimLost();
                } else if (services.store().cancelRequested(runId)) {
                    execution.cancel("cancelled");
                }
            } catch (RuntimeException e) {
                LOG.warn("run {}: its claim could not be renewed: {}", runId, e.toString());
            }
        }
    }

    /**
     * Stops taking runs and stops the runs under way without ending them: their claims run out and they are
     * resumed (here after a restart, or on another node).
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (RunExecution execution : active.values()) {
            execution.claimLost();
            try {
                // a lease that ends now: the next node to look (this one after a restart) resumes the run at once
                services.store().renew(execution.runId(), services.settings().node(), Duration.ofMillis(1));
            } catch (RuntimeException e) {
                LOG.warn("run {}: its claim could not be released: {}", execution.runId(), e.toString());
            }
        }
    }
}
