package dev.promptcards.card.schema;

import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Writes and reads the runs of a card: run maps in the top-level {@code runs} map, under their id, each
 * with a {@code results} map of result maps under test case ids (web client: {@code src/card/runs.ts}).
 * Only the server writes runs. A run map and a result map are each created whole, with their children,
 * in one transaction.
 *
 * <p>The writers find the run and result by id on every call, so a caller holds no reference into a
 * document that may have been reloaded since; they return false when it is not there (any more). Every
 * method joins the caller's transaction if there is one (so the caller chooses the origin).
 */
public final class Runs {

    /** JS {@code Date#toISOString}: always milliseconds, so that the strings sort by time. */
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Runs() {}

    /** An instant as the document stores it, e.g. {@code 2026-12-07T16:40:00.000Z}. */
    public static String timestamp(Instant instant) {
        return ISO_MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Creates a run map whole, status queued, with an empty {@code results} map, under {@code runId}
     * (replacing a run of that id).
     *
     * @return the run's map, part of the document
     */
    public static YMap create(CardDocument card, String runId, RunStart start) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(CardFields.Run.STATUS, RunStatus.QUEUED.value());
        fields.put(CardFields.Run.PROVIDER, start.provider());
        fields.put(CardFields.Run.MODEL, start.model());
        fields.put(CardFields.Run.BY, start.by());
        fields.put(CardFields.Run.STARTED_AT, timestamp(start.startedAt()));
        fields.put(CardFields.Run.STATE_VECTOR, Base64.getEncoder().encodeToString(start.stateVector()));
        fields.put(CardFields.Run.RESULTS, new YMap());
        YMap run = new YMap(fields);
        card.doc().transact(tr -> card.runs().set(runId, run));
        return run;
    }

    /** Sets a run's status. */
    public static boolean setStatus(CardDocument card, String runId, RunStatus status) {
        return withRun(card, runId, run -> run.set(CardFields.Run.STATUS, status.value()));
    }

    /** Ends a run in one transaction: its final status, when it finished and its figures. */
    public static boolean finish(CardDocument card, String runId, RunStatus status, Instant finishedAt,
            RunSummary summary) {
        return withRun(card, runId, run -> {
            run.set(CardFields.Run.STATUS, status.value());
            run.set(CardFields.Run.FINISHED_AT, timestamp(finishedAt));
            run.set(CardFields.Run.SUMMARY, summary.toPlain());
        });
    }

    /**
     * Ends a run as {@link #finish} does, and says why it ended as it did (a run that could not go on,
     * or was cancelled): written under the run's {@code error}.
     */
    public static boolean finish(CardDocument card, String runId, RunStatus status, Instant finishedAt,
            RunSummary summary, String error) {
        return withRun(card, runId, run -> {
            run.set(CardFields.Run.STATUS, status.value());
            run.set(CardFields.Run.FINISHED_AT, timestamp(finishedAt));
            run.set(CardFields.Run.SUMMARY, summary.toPlain());
            if (error != null) {
                run.set(CardFields.Run.ERROR, error);
            }
        });
    }

    /** Removes a run from the document (it is kept in the database). */
    public static boolean remove(CardDocument card, String runId) {
        if (!has(card, runId)) {
            return false;
        }
        card.doc().transact(tr -> card.runs().delete(runId));
        return true;
    }

    /**
     * Creates a test's result map whole in a run: its status and an empty output {@code Y.Text}
     * (replacing a result of that test).
     */
    public static boolean addResult(CardDocument card, String runId, String testId, RunStatus status) {
        return editRun(card, runId, run -> {
            if (!(run.get(CardFields.Run.RESULTS) instanceof YMap results)) {
                return false;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(CardFields.Result.STATUS, status.value());
            fields.put(CardFields.Result.OUTPUT, new YText());
            results.set(testId, new YMap(fields));
            return true;
        });
    }

    /** Sets the status of a test's result. */
    public static boolean setResultStatus(CardDocument card, String runId, String testId, RunStatus status) {
        return withResult(card, runId, testId, result -> result.set(CardFields.Result.STATUS, status.value()));
    }

    /** Appends a piece of streamed output (a token, say) to a test's result. */
    public static boolean appendOutput(CardDocument card, String runId, String testId, String chunk) {
        return editResult(card, runId, testId, result -> {
            if (!(result.get(CardFields.Result.OUTPUT) instanceof YText output)) {
                return false;
            }
            output.insert(output.length(), chunk);
            return true;
        });
    }

    /** Writes how a test came out, in one transaction; the fields the outcome leaves null stay as they are. */
    public static boolean finishResult(CardDocument card, String runId, String testId, ResultOutcome outcome) {
        return withResult(card, runId, testId, result -> {
            result.set(CardFields.Result.STATUS, outcome.status().value());
            setIfPresent(result, CardFields.Result.PASS, outcome.pass());
            setIfPresent(result, CardFields.Result.SCORE, outcome.score());
            if (outcome.assertions() != null) {
                result.set(CardFields.Result.ASSERTIONS,
                        outcome.assertions().stream().map(AssertionResult::toPlain).toList());
            }
            setIfPresent(result, CardFields.Result.LATENCY_MS, outcome.latencyMs());
            setIfPresent(result, CardFields.Result.TOKENS_IN, outcome.tokensIn());
            setIfPresent(result, CardFields.Result.TOKENS_OUT, outcome.tokensOut());
            setIfPresent(result, CardFields.Result.COST_USD, outcome.costUsd());
            setIfPresent(result, CardFields.Result.ERROR, outcome.error());
        });
    }

    /** Reads one run, if the card has a run map under that id. */
    public static Optional<Run> read(CardDocument card, String runId) {
        return card.runs().get(runId) instanceof YMap run ? Optional.of(read(runId, run)) : Optional.empty();
    }

    /**
     * Reads every run, newest first as the runs panel lists them: by {@code startedAt}, descending (runs
     * without one last), keeping the map's order among equals.
     */
    public static List<Run> readAll(CardDocument card) {
        return idsNewestFirst(card).stream().map(runId -> read(runId, (YMap) card.runs().get(runId))).toList();
    }

    /** Whether the card has a run map under {@code runId}. */
    public static boolean has(CardDocument card, String runId) {
        return card.runs().get(runId) instanceof YMap;
    }

    /**
     * The ids of the card's runs in {@link #readAll}'s order (newest first), reading nothing but when each
     * started: no result, no output.
     */
    public static List<String> idsNewestFirst(CardDocument card) {
        List<Map.Entry<String, String>> started = new ArrayList<>();
        card.runs().entries().forEach((runId, value) -> {
            if (value instanceof YMap run) {
                String startedAt = Values.string(run.get(CardFields.Run.STARTED_AT));
                started.add(Map.entry(runId, startedAt == null ? "" : startedAt));
            }
        });
        // a stable sort: runs started at the same instant keep the map's order
        started.sort(Map.Entry.<String, String>comparingByValue().reversed());
        return started.stream().map(Map.Entry::getKey).toList();
    }

    /** Reads a run map, tolerating one written incompletely. */
    public static Run read(String runId, YMap run) {
        Map<String, TestResult> results = new LinkedHashMap<>();
        if (run.get(CardFields.Run.RESULTS) instanceof YMap map) {
            map.entries().forEach((testId, value) -> {
                if (value instanceof YMap result) {
                    results.put(testId, readResult(result));
                }
            });
        }
        Map<String, Object> summary = Values.plainObject(run.get(CardFields.Run.SUMMARY));
        return new Run(runId,
                Values.text(run.get(CardFields.Run.STATUS)),
                Values.text(run.get(CardFields.Run.PROVIDER)),
                Values.text(run.get(CardFields.Run.MODEL)),
                Values.text(run.get(CardFields.Run.BY)),
                Values.string(run.get(CardFields.Run.STARTED_AT)),
                Values.string(run.get(CardFields.Run.FINISHED_AT)),
                Values.string(run.get(CardFields.Run.STATE_VECTOR)),
                summary == null ? null : RunSummary.read(summary),
                Collections.unmodifiableMap(results),
                Values.text(run.get(CardFields.Run.ERROR)));
    }

    /** Reads a result map, tolerating one written incompletely. */
    public static TestResult readResult(YMap result) {
        Object output = result.get(CardFields.Result.OUTPUT);
        Object pass = result.get(CardFields.Result.PASS);
        List<AssertionResult> assertions = new ArrayList<>();
        if (result.get(CardFields.Result.ASSERTIONS) instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof Map<?, ?> map) {
                    assertions.add(AssertionResult.read(map));
                }
            }
        }
        return new TestResult(
                Values.text(result.get(CardFields.Result.STATUS)),
                output instanceof YText text ? text.toString() : Values.text(output),
                Values.text(result.get(CardFields.Result.ERROR)),
                pass instanceof Boolean b ? b : null,
                Values.optionalNumber(result.get(CardFields.Result.SCORE)),
                List.copyOf(assertions),
                Values.optionalWhole(result.get(CardFields.Result.LATENCY_MS)),
                Values.optionalWhole(result.get(CardFields.Result.TOKENS_IN)),
                Values.optionalWhole(result.get(CardFields.Result.TOKENS_OUT)),
                Values.optionalNumber(result.get(CardFields.Result.COST_USD)));
    }

    private static boolean withRun(CardDocument card, String runId, Consumer<YMap> edit) {
        return editRun(card, runId, run -> {
            edit.accept(run);
            return true;
        });
    }

    /** Runs {@code edit} on the run map in one transaction; false when there is none or {@code edit} says so. */
    private static boolean editRun(CardDocument card, String runId, Predicate<YMap> edit) {
        if (!(card.runs().get(runId) instanceof YMap run)) {
            return false;
        }
        boolean[] done = new boolean[1];
        card.doc().transact(tr -> done[0] = edit.test(run));
        return done[0];
    }

    private static boolean withResult(CardDocument card, String runId, String testId, Consumer<YMap> edit) {
        return editResult(card, runId, testId, result -> {
            edit.accept(result);
            return true;
        });
    }

    /** Runs {@code edit} on the result map in one transaction; false when there is none or {@code edit} says so. */
    private static boolean editResult(CardDocument card, String runId, String testId, Predicate<YMap> edit) {
        if (!(card.runs().get(runId) instanceof YMap run)
                || !(run.get(CardFields.Run.RESULTS) instanceof YMap results)
                || !(results.get(testId) instanceof YMap result)) {
            return false;
        }
        boolean[] done = new boolean[1];
        card.doc().transact(tr -> done[0] = edit.test(result));
        return done[0];
    }

    private static void setIfPresent(YMap map, String key, Object value) {
        if (value != null) {
            map.set(key, value);
        }
    }
}
