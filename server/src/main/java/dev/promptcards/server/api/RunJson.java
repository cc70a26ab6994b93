package dev.promptcards.server.api;

import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.CardFields;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as the API answers it: the fields of the document's run map ({@link CardFields.Run}), with the same
 * names. Every field is always there; a value the run does not have (yet) is {@code null}: finishedAt until
 * it ends, summary until written, a result's pass, score, latency, tokens and cost until known, costUsd when
 * the model's price is unknown, error when nothing went wrong. The strings the document always has (status,
 * provider, model, by, a result's output) are strings.
 */
final class RunJson {

    private RunJson() {
    }

    /** The run as a JSON object. */
    static Map<String, Object> of(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", run.id());
        json.put(CardFields.Run.STATUS, run.status());
        json.put(CardFields.Run.PROVIDER, run.provider());
        json.put(CardFields.Run.MODEL, run.model());
        json.put(CardFields.Run.BY, run.by());
        json.put(CardFields.Run.STARTED_AT, run.startedAt());
        json.put(CardFields.Run.FINISHED_AT, run.finishedAt());
        json.put(CardFields.Run.STATE_VECTOR, run.stateVector());
        json.put(CardFields.Run.SUMMARY, run.summary() == null ? null : summary(run.summary()));
        Map<String, Object> results = new LinkedHashMap<>();
        if (run.results() != null) {
            run.results().forEach((testId, result) -> results.put(testId, result(result)));
        }
        json.put(CardFields.Run.RESULTS, results);
        json.put(CardFields.Run.ERROR, emptyAsNull(run.error()));
        return json;
    }

    /** The runs as a JSON list, in their order. */
    static List<Map<String, Object>> of(List<Run> runs) {
        List<Map<String, Object>> json = new ArrayList<>(runs.size());
        runs.forEach(run -> json.add(of(run)));
        return json;
    }

    private static Map<String, Object> summary(RunSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(CardFields.Summary.PASSED, summary.passed());
        json.put(CardFields.Summary.FAILED, summary.failed());
        json.put(CardFields.Summary.ERRORS, summary.errors());
        json.put(CardFields.Summary.TOKENS_IN, summary.tokensIn());
        json.put(CardFields.Summary.TOKENS_OUT, summary.tokensOut());
        json.put(CardFields.Summary.COST_USD, summary.costUsd());
        json.put(CardFields.Summary.LATENCY_MS_P50, summary.latencyMsP50());
        return json;
    }

    private static Map<String, Object> result(TestResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(CardFields.Result.STATUS, result.status());
        json.put(CardFields.Result.OUTPUT, result.output());
        json.put(CardFields.Result.PASS, result.pass());
        json.put(CardFields.Result.SCORE, result.score());
        List<Map<String, Object>> assertions = new ArrayList<>();
        if (result.assertions() != null) {
            result.assertions().forEach(assertion -> assertions.add(assertion(assertion)));
        }
        json.put(CardFields.Result.ASSERTIONS, assertions);
        json.put(CardFields.Result.LATENCY_MS, result.latencyMs());
        json.put(CardFields.Result.TOKENS_IN, result.tokensIn());
        json.put(CardFields.Result.TOKENS_OUT, result.tokensOut());
        json.put(CardFields.Result.COST_USD, result.costUsd());
        json.put(CardFields.Result.ERROR, emptyAsNull(result.error()));
        return json;
    }

    private static Map<String, Object> assertion(AssertionResult assertion) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(CardFields.AssertionResult.TYPE, assertion.type());
        json.put(CardFields.AssertionResult.PASS, assertion.pass());
        json.put(CardFields.AssertionResult.SCORE, assertion.score());
        json.put(CardFields.AssertionResult.REASON, assertion.reason());
        return json;
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
