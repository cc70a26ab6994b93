package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.NoSuchCardException;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.runner.run.CancelOutcome;
import dev.promptcards.runner.run.InvalidRunRequestException;
import dev.promptcards.runner.run.QueuedRun;
import dev.promptcards.runner.run.RunRequest;
import dev.promptcards.runner.run.RunService;
import dev.promptcards.runner.run.RunStarter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A run service for the API's tests: it keeps runs in memory with the behaviour the contract gives the real one
 * (no such card, invalid requests, cancel outcomes by status) and records every call, so that a test sees what
 * reached it and that a refused request reached nothing.
 */
final class RecordingRunService implements RunService {

    /** The calls, in order: "start w/a RunRequest[...] by ed", "list w/a 20", "get w/a run-1", "cancel w/a run-1". */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** The cards that exist. */
    final Set<CardKey> cards = ConcurrentHashMap.newKeySet();
    /** Tests whose start is refused as the executor would refuse it: test id to the message. */
    final Map<String, String> refusedTests = new ConcurrentHashMap<>();

    private final Map<CardKey, Map<String, Run>> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** Adds a run as stored (its id and fields as given). */
    void put(CardKey card, Run run) {
        cards.add(card);
        runs.computeIfAbsent(card, c -> Collections.synchronizedMap(new LinkedHashMap<>())).put(run.id(), run);
    }

    @Override
    public QueuedRun start(CardKey card, RunRequest request, RunStarter starter) {
        String by = starter.actor();
        calls.add("start " + card + " " + request + " by " + by);
        requireCard(card);
        if (request.tests() != null) {
            for (String test : request.tests()) {
                if (refusedTests.containsKey(test)) {
                    throw new InvalidRunRequestException(refusedTests.get(test));
                }
            }
        }
        String id = "run-" + ids.incrementAndGet();
        String provider = request.provider() == null ? "echo" : request.provider();
        String model = request.model() == null ? "echo" : request.model();
        put(card, new Run(id, RunStatus.QUEUED.value(), provider, model, by, "2030-01-01T00:00:0" + ids.get() + ".000Z",
                null, "AAA=", null, Map.of(), ""));
        return new QueuedRun(id, RunStatus.QUEUED, provider, model);
    }

    @Override
    public List<Run> list(CardKey card, int limit) {
        calls.add("list " + card + " " + limit);
        requireCard(card);
        List<Run> all = new ArrayList<>(runs.getOrDefault(card, Map.of()).values());
        all.sort(Comparator.comparing(Run::startedAt).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public Optional<Run> get(CardKey card, String runId) {
        calls.add("get " + card + " " + runId);
        requireCard(card);
        return Optional.ofNullable(runs.getOrDefault(card, Map.of()).get(runId));
    }

    @Override
    public CancelOutcome cancel(CardKey card, String runId) {
        calls.add("cancel " + card + " " + runId);
        requireCard(card);
        Run run = runs.getOrDefault(card, Map.of()).get(runId);
        if (run == null) {
            return CancelOutcome.NOT_FOUND;
        }
        RunStatus status = RunStatus.parse(run.status()).orElseThrow();
        if (status.isFinal()) {
            return CancelOutcome.ALREADY_FINISHED;
        }
        if (status == RunStatus.QUEUED) {
            // a queued run ends at once; a running one keeps running until its worker sees the request
            put(card, new Run(run.id(), RunStatus.CANCELLED.value(), run.provider(), run.model(), run.by(),
                    run.startedAt(), "2030-01-01T00:01:00.000Z", run.stateVector(), run.summary(), run.results(),
                    "cancelled by a request"));
        }
        return CancelOutcome.CANCELLED;
    }

    private void requireCard(CardKey card) {
        if (!cards.contains(card)) {
            throw new NoSuchCardException(card);
        }
    }
}
