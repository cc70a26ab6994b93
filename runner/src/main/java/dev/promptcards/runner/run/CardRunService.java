package dev.promptcards.runner.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.Author;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStart;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.runs.CancelRequest;
import dev.promptcards.persistence.runs.NewRun;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.runner.provider.Providers;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of cards: a run is planned on the card as it is now (its revision pinned), queued in the database,
 * shown queued in the card, and executed by whichever node's {@link RunWorker} claims it first.
 */
final class CardRunService implements RunService {

    private static final Logger LOG = LoggerFactory.getLogger(CardRunService.class);

    /** The audit log's action of a run's start. */
    static final String RUN_START = "run.start";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a request waits for the card to load (it is loaded if nobody has it open). */
    private static final long CARD_WAIT_SECONDS = 30;

    private final CardStore cards;
    private final RunStore store;
    private final CardEditor editor;
    private final Providers providers;
    private final RunWorker worker;
    private final RunnerSettings settings;
    private final Clock clock;

    CardRunService(CardStore cards, RunStore store, CardEditor editor, Providers providers, RunWorker worker,
            RunnerSettings settings, Clock clock) {
        this.cards = cards;
        this.store = store;
        this.editor = editor;
        this.providers = providers;
        this.worker = worker;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public QueuedRun start(CardKey card, RunRequest request, RunStarter starter) {
        String by = starter.actor();
        CardRef ref = find(card);
        String runId = UUID.randomUUID().toString();
        Author author = Author.run(runId);
        Pinned pinned = wait(editor.edit(card, author, doc -> {
            CardContent content = CardContent.read(CardDocument.of(doc));
            return new Pinned(RunPlanner.plan(content, request), Y.encodeStateVector(doc));
        }));
        try {
            providers.require(pinned.plan().model().provider());
        } catch (RuntimeException e) {
            throw new InvalidRunRequestException(e.getMessage());
        }
        Instant now = clock.instant();
        RunPlan plan = pinned.plan();
        store.insert(new NewRun(runId, ref.id(), plan.model().provider(), plan.model().model(), by, now,
                pinned.stateVector(), RunPlanJson.write(plan)),
                tx -> new AuditLog(tx).append(card.workspace(), starter.kind(), starter.actor(), RUN_START, runId,
                        auditDetail(card, plan)));
        try {
            // shown queued at once; the worker creates the run map itself if this did not land
            wait(editor.edit(card, author, doc -> {
                CardDocument cardDoc = CardDocument.of(doc);
                if (!Runs.has(cardDoc, runId)) {
                    Runs.create(cardDoc, runId, new RunStart(plan.model().provider(), plan.model().model(), by, now,
                            pinned.stateVector()));
                    RunsInDocument.keepNewest(cardDoc, settings.runsInDocument());
                }
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warn("run {}: card {} could not show it queued: {}", runId, card, e.toString());
        }
        worker.wake();
        return new QueuedRun(runId, RunStatus.QUEUED, plan.model().provider(), plan.model().model());
    }

    /** The audit row's detail: {@code {"card", "provider", "model"}}. */
    private static String auditDetail(CardKey card, RunPlan plan) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("card", card.card());
        detail.put("provider", plan.model().provider());
        detail.put("model", plan.model().model());
        return detail.toString();
    }

    @Override
    public List<Run> list(CardKey card, int limit) {
        return store.list(find(card).id(), limit);
    }

    @Override
    public Optional<Run> get(CardKey card, String runId) {
        return store.get(find(card).id(), runId);
    }

    @Override
    public CancelOutcome cancel(CardKey card, String runId) {
        CardRef ref = find(card);
        CancelRequest request = store.requestCancel(ref.id(), runId);
        return switch (request) {
            case CANCELLED -> {
                // it never started: end it in the card too, as stored
                try {
                    Instant finishedAt = store.get(ref.id(), runId).map(Run::finishedAt).map(Instant::parse)
                            .orElseGet(clock::instant);
                    wait(editor.edit(card, Author.run(runId), doc -> Runs.finish(CardDocument.of(doc), runId,
                            RunStatus.CANCELLED, finishedAt, RunTally.summary(List.of()), RunStore.CANCELLED_BEFORE_START)));
                } catch (RuntimeException e) {
                    LOG.warn("run {}: card {} could not show it cancelled: {}", runId, card, e.toString());
                }
                yield CancelOutcome.CANCELLED;
            }
            case REQUESTED -> {
                // this node stops it now; another node executing it sees the flag at its next renewal
                worker.cancelHere(runId, "cancelled");
                yield CancelOutcome.CANCELLED;
            }
            case ALREADY_FINISHED -> CancelOutcome.ALREADY_FINISHED;
            case NOT_FOUND -> CancelOutcome.NOT_FOUND;
        };
    }

    private CardRef find(CardKey card) {
        return cards.find(card.workspace(), card.card()).orElseThrow(() -> new NoSuchCardException(card));
    }

    private static <T> T wait(java.util.concurrent.CompletableFuture<T> edit) {
        try {
            return edit.get(CARD_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the card", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the card did not load within " + CARD_WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        }
    }

    private record Pinned(RunPlan plan, byte[] stateVector) {
    }
}
