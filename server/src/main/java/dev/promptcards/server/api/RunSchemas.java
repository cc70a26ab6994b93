package dev.promptcards.server.api;

import static dev.promptcards.server.api.openapi.JsonSchema.array;
import static dev.promptcards.server.api.openapi.JsonSchema.bool;
import static dev.promptcards.server.api.openapi.JsonSchema.integer;
import static dev.promptcards.server.api.openapi.JsonSchema.number;
import static dev.promptcards.server.api.openapi.JsonSchema.object;
import static dev.promptcards.server.api.openapi.JsonSchema.ref;
import static dev.promptcards.server.api.openapi.JsonSchema.string;

import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.server.api.openapi.JsonSchema;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The component schemas of the runs endpoints: a run request as {@link RunRequestBody} reads it, a run and its
 * results as {@link RunJson} writes them (the fields of the document's run map).
 */
final class RunSchemas {

    private static final JsonSchema STATUS = JsonSchema.oneValueOf(Arrays.stream(RunStatus.values())
            .map(RunStatus::value).toArray(String[]::new));
    private static final String DATE_TIME = "date-time";

    private RunSchemas() {
    }

    /** @return the schemas by component name */
    static Map<String, JsonSchema> all() {
        Map<String, JsonSchema> schemas = new LinkedHashMap<>();
        schemas.put("RunRequest", object().closed()
                .property("provider", string().orNull().minLength(1)
                        .description("openai, anthropic, ollama or echo; the card's when absent."))
                .property("model", string().orNull().minLength(1)
                        .description("The model's name; the card's when absent."))
                .property("tests", array(string().minLength(1)).orNull().minItems(1).uniqueItems()
                        .description("The ids of the test cases to run; every test when absent."))
                .property("repeat", integer().orNull().minimum(1).maximum(RunRequestBody.MAX_REPEAT)
                        .description("How many times to run each test; 1 when absent. With n > 1 the results are"
                                + " keyed <testId>#1 .. <testId>#n.")));
        schemas.put("QueuedRun", object().required("id", "status")
                .property("id", string())
                .property("status", JsonSchema.constant(RunStatus.QUEUED.value())));
        schemas.put("RunList", object().required("runs")
                .property("runs", array(ref("Run")).description("Newest first.")));
        schemas.put("Run", run());
        schemas.put("RunSummary", object()
                .required("passed", "failed", "errors", "tokensIn", "tokensOut", "costUsd", "latencyMsP50")
                .property("passed", integer())
                .property("failed", integer())
                .property("errors", integer())
                .property("tokensIn", integer())
                .property("tokensOut", integer())
                .property("costUsd", number().orNull().description("Null when a model's price is unknown."))
                .property("latencyMsP50", integer().orNull()));
        schemas.put("TestResult", object()
                .required("status", "output", "pass", "score", "assertions", "latencyMs", "tokensIn", "tokensOut",
                        "costUsd", "error")
                .property("status", STATUS)
                .property("output", string())
                .property("pass", bool().orNull())
                .property("score", number().orNull())
                .property("assertions", array(ref("AssertionResult")))
                .property("latencyMs", integer().orNull())
                .property("tokensIn", integer().orNull())
                .property("tokensOut", integer().orNull())
                .property("costUsd", number().orNull())
                .property("error", string().orNull()));
        schemas.put("AssertionResult", object().required("type", "pass", "score", "reason")
                .property("type", string())
                .property("pass", bool())
                .property("score", number().orNull())
                .property("reason", string().orNull()));
        return schemas;
    }

    private static JsonSchema run() {
        return object()
                .description("The fields of the document's run map. Every field is present; a value the run does"
                        + " not have (yet) is null.")
                .required("id", "status", "provider", "model", "by", "startedAt", "finishedAt", "stateVector",
                        "summary", "results", "error")
                .property("id", string())
                .property("status", STATUS)
                .property("provider", string())
                .property("model", string())
                .property("by", string().description("Who started it (the token's subject)."))
                .property("startedAt", string().orNull().format(DATE_TIME))
                .property("finishedAt", string().orNull().format(DATE_TIME).description("Null until it ends."))
                .property("stateVector", string().orNull().contentEncoding("base64")
                        .description("The card revision it ran on."))
                .property("summary", JsonSchema.oneOf(ref("RunSummary"), JsonSchema.nullValue()))
                .property("results", object().values(ref("TestResult"))
                        .description("By test case id (<testId>#k with repeat)."))
                .property("error", string().orNull()
                        .description("Why the run as a whole ended error or cancelled."));
    }
}
