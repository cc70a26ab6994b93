package dev.promptcards.runner.run;

import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.runner.assertion.Embedder;
import dev.promptcards.runner.pricing.PriceTable;
import dev.promptcards.runner.provider.Providers;
import java.time.Clock;
import java.util.Objects;
import org.jooq.DSLContext;

/**
 * The test runner of a node: the {@link RunService} the HTTP API calls and the worker that executes queued
 * runs. Built by the composition root; closing it stops taking runs and hands the ones under way back to the
 * queue (resumed after a restart, or by another node).
 */
public final class Runner implements AutoCloseable {

    private final RunWorker worker;
    private final RunService service;

    private Runner(RunWorker worker, RunService service) {
        this.worker = worker;
        this.service = service;
    }

    /**
     * Builds the runner and starts its worker.
     *
     * @param dsl       the database
     * @param editor    edits the cards (the runs are written into them)
     * @param providers the configured providers
     * @param prices    the price table
     * @param embedder  the embedder of {@code similar} assertions ({@code Embedders.local()} loads its model on
     *                  first use)
     * @param settings  this node's runner settings
     * @param clock     the clock for timestamps
     * @return the running runner
     */
    public static Runner start(DSLContext dsl, CardEditor editor, Providers providers, PriceTable prices,
            Embedder embedder, RunnerSettings settings, Clock clock) {
        Objects.requireNonNull(dsl, "dsl");
        RunStore store = new RunStore(dsl);
        RunExecution.Services services = new RunExecution.Services(editor, store, settings, clock, prices, embedder);
        RunWorker worker = new RunWorker(services, providers);
        RunService service = new CardRunService(new CardStore(dsl), store, editor, providers, worker, settings,
                clock);
        worker.start();
        return new Runner(worker, service);
    }

    /** The runs as the HTTP API offers them. */
    public RunService service() {
        return service;
    }

    @Override
    public void close() {
        worker.close();
    }
}
