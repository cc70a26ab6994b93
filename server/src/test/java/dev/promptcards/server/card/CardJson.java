package dev.promptcards.server.card;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.crdt.lib0.JsValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Java readers read of a card, in the JSON shape of web-client/src/card/contract.test.ts's
 * {@code readCard} (absent values left out, numbers as JS numbers), so the two can be compared exactly.
 */
final class CardJson {

    private CardJson() {}

    /** The card as the Java readers read it. */
    static Object read(CardDocument card) {
        CardContent content = CardContent.read(card);
        return JsValues.normalize(object(
                "title", content.title(),
                "description", content.description(),
                "system", content.system(),
                "template", content.template(),
                "model", model(content.model()),
                "tests", content.tests().stream().map(CardJson::test).toList(),
                "runs", Runs.readAll(card).stream().map(CardJson::run).toList()));
    }

    /** A JS object of the given key/value pairs; null values are left out, as JSON leaves out undefined. */
    static Map<String, Object> object(Object... pairs) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                object.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return object;
    }

    private static Map<String, Object> model(ModelSettings model) {
        return object("provider", model.provider(), "model", model.model(), "temperature", model.temperature(),
                "maxTokens", model.maxTokens());
    }

    private static Map<String, Object> test(TestCase test) {
        return object("id", test.id(), "name", test.name(), "vars", test.vars(), "expected", test.expected(),
                "assert", test.assertions() == null ? null : test.assertions().stream().map(CardJson::assertion).toList(),
                "threshold", test.threshold());
    }

    private static Map<String, Object> assertion(Assertion assertion) {
        return object("type", assertion.type(), "value", assertion.valueText(), "threshold", assertion.threshold(),
                "weight", assertion.weight(), "stored", assertion.value());
    }

    private static Map<String, Object> run(Run run) {
        return object("id", run.id(), "status", run.status(), "provider", run.provider(), "model", run.model(),
                "by", run.by(), "startedAt", run.startedAt(), "finishedAt", run.finishedAt(),
                "stateVector", run.stateVector(), "summary", summary(run.summary()), "error", run.error(),
                "results", run.results().entrySet().stream()
                        .map(entry -> List.of(entry.getKey(), result(entry.getValue()))).toList());
    }

    private static Map<String, Object> summary(RunSummary summary) {
        return summary == null ? null : object("passed", summary.passed(), "failed", summary.failed(),
                "errors", summary.errors(), "tokensIn", summary.tokensIn(), "tokensOut", summary.tokensOut(),
                "costUsd", summary.costUsd(), "latencyMsP50", summary.latencyMsP50());
    }

    private static Map<String, Object> result(TestResult result) {
        return object("status", result.status(), "output", result.output(), "error", result.error(),
                "pass", result.pass(), "score", result.score(),
                "assertions", result.assertions().stream().map(CardJson::assertionResult).toList(),
                "latencyMs", result.latencyMs(), "tokensIn", result.tokensIn(), "tokensOut", result.tokensOut(),
                "costUsd", result.costUsd());
    }

    private static Map<String, Object> assertionResult(AssertionResult result) {
        return object("type", result.type(), "pass", result.pass(), "score", result.score(), "reason", result.reason());
    }
}
