package dev.promptcards.server.card;

import static dev.promptcards.server.card.CardJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.ResultOutcome;
import dev.promptcards.card.schema.RunStart;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.card.schema.TestCases;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.crdt.lib0.JsValues;
import dev.promptcards.server.e2e.browser.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The card document contract between the Java schema (dev.promptcards.card.schema) and the web client
 * (src/card/schema.ts, assertions.ts, runs.ts), through real Yjs: a card written by the Java writers is
 * read by the web client's readers exactly as intended, and a card written by the web client's edits
 * (with runs written as the server writes them) is read by the Java readers exactly as the web client
 * reads it. The web client's side is web-client/src/card/contract.test.ts, run here by Vitest with
 * {@code PROMPTCARDS_CARD_CONTRACT_DIR} naming the folder the two exchange files in.
 */
class CardSchemaContractTest {

    private static final String FIRST_ID = "3f1c6b0e-8a55-4d0b-9a51-2b1f0c8e7d11";

    @TempDir
    static Path exchange;

    private static Doc javaDoc;
    private static String secondId;

    @BeforeAll
    static void exchange_cards_with_the_web_client() throws Exception {
        javaDoc = writeJavaCard();
        secondId = TestCases.readAll(CardDocument.of(javaDoc)).get(1).id();
        Files.write(exchange.resolve("java-card.bin"), Y.encodeStateAsUpdate(javaDoc));
        Path webClient = webClient();
        Command.Result vitest = new Command(
                List.of("node", "node_modules/vitest/vitest.mjs", "run", "src/card/contract.test.ts"),
                webClient,
                Map.of("PROMPTCARDS_CARD_CONTRACT_DIR", exchange.toString(), "NO_COLOR", "1"))
                .run(exchange.resolve("vitest.log"), Duration.ofMinutes(2));
        assertEquals(0, vitest.exitCode(), "vitest failed:\n" + vitest.output());
    }

    @Test
    void a_card_written_by_the_java_writers_reads_as_written_in_the_web_client() throws Exception {
        Object readByWebClient = JsJson.parse(Files.readString(exchange.resolve("java-card.read.json")));

        assertEquals(expectedJavaCard(), readByWebClient);
        assertEquals(expectedJavaCard(), CardJson.read(CardDocument.of(javaDoc)));
    }

    @Test
    void a_card_written_by_the_web_client_reads_in_java_as_the_web_client_reads_it() throws Exception {
        Doc doc = new Doc();
        Y.applyUpdate(doc, Files.readAllBytes(exchange.resolve("ts-card.bin")));
        Object readByWebClient = JsJson.parse(Files.readString(exchange.resolve("ts-card.read.json")));

        assertEquals(readByWebClient, CardJson.read(CardDocument.of(doc)));
    }

    /**
     * A card written with every writer: content, two test cases, a finished run, a cancelled one that says
     * why, a running one, a removed one.
     */
    private static Doc writeJavaCard() {
        Doc doc = new Doc();
        CardDocument card = CardDocument.of(doc);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("name", "Ada");
        vars.put("lang", "French");
        new CardContent("Greeter", "Says hello — politely 👋", "You are kind.", "Greet {{name}} in {{lang}}.",
                new ModelSettings("echo", "echo-1", 0.2, 512L),
                List.of(new TestCase(FIRST_ID, "formal", vars, "Bonjour Ada",
                                List.of(Assertion.contains("Bonjour"),
                                        new Assertion("contains-any", List.of("Bonjour", "Salut"), 0.5, 2.5),
                                        new Assertion("javascript", Map.of("code", "output.length > 3"), null, null),
                                        new Assertion("equals", 42L, null, 1.0),
                                        new Assertion("latency", null, 5000.0, null)),
                                0.75),
                        new TestCase(null, null, Map.of("name", ""), null, null, null)))
                .write(card);
        String second = TestCases.readAll(card).get(1).id();

        Runs.create(card, "run-older", new RunStart("echo", "echo-1", "ada@example.com",
                Instant.parse("2026-12-07T10:00:00Z"), new byte[] {1, 2, 3, 4}));
        Runs.setStatus(card, "run-older", RunStatus.RUNNING);
        Runs.addResult(card, "run-older", FIRST_ID, RunStatus.QUEUED);
        Runs.addResult(card, "run-older", second, RunStatus.QUEUED);
        Runs.setResultStatus(card, "run-older", FIRST_ID, RunStatus.RUNNING);
        for (String token : List.of("Bonjour", " Ada", " !")) {
            Runs.appendOutput(card, "run-older", FIRST_ID, token);
        }
        Runs.finishResult(card, "run-older", FIRST_ID, new ResultOutcome(RunStatus.PASSED, true, 0.875,
                List.of(new AssertionResult("contains", true, 1.0, "found \"Bonjour\""),
                        new AssertionResult("contains-any", false, 0.0, null)),
                42L, 7L, 3L, 0.00125, null));
        Runs.finishResult(card, "run-older", second, ResultOutcome.error("the provider answered 500"));
        Runs.finish(card, "run-older", RunStatus.FAILED, Instant.parse("2026-12-07T10:00:03.5Z"),
                new RunSummary(1, 0, 1, 7, 3, 0.00125, 42L));

        Runs.create(card, "run-cancelled", new RunStart("echo", "echo-1", "grace@example.com",
                Instant.parse("2026-12-07T11:00:00Z"), new byte[] {1}));
        Runs.finish(card, "run-cancelled", RunStatus.CANCELLED, Instant.parse("2026-12-07T11:00:01Z"),
                new RunSummary(0, 0, 0, 0, 0, null, null), "cancelled by grace@example.com");

        Runs.create(card, "run-newer", new RunStart("openai", "gpt-4o-mini", "grace@example.com",
                Instant.parse("2026-12-07T11:30:00.123456Z"), new byte[] {5, 6}));
        Runs.setStatus(card, "run-newer", RunStatus.RUNNING);

        Runs.create(card, "run-removed", new RunStart("echo", "echo-1", "ada@example.com",
                Instant.parse("2026-12-07T12:00:00Z"), new byte[0]));
        Runs.remove(card, "run-removed");
        return doc;
    }

    /** What {@link #writeJavaCard()} wrote, in the JSON shape contract.test.ts writes what it reads. */
    private static Object expectedJavaCard() {
        return JsValues.normalize(object(
                "title", "Greeter",
                "description", "Says hello — politely 👋",
                "system", "You are kind.",
                "template", "Greet {{name}} in {{lang}}.",
                "model", object("provider", "echo", "model", "echo-1", "temperature", 0.2, "maxTokens", 512),
                "tests", List.of(
                        object("id", FIRST_ID, "name", "formal", "vars", object("name", "Ada", "lang", "French"),
                                "expected", "Bonjour Ada",
                                "assert", List.of(
                                        object("type", "contains", "value", "Bonjour", "weight", 1, "stored", "Bonjour"),
                                        object("type", "contains-any", "value", "[\"Bonjour\",\"Salut\"]",
                                                "threshold", 0.5, "weight", 2.5, "stored", List.of("Bonjour", "Salut")),
                                        object("type", "javascript", "value", "{\"code\":\"output.length > 3\"}",
                                                "stored", object("code", "output.length > 3")),
                                        object("type", "equals", "value", "42", "weight", 1, "stored", 42),
                                        object("type", "latency", "threshold", 5000)),
                                "threshold", 0.75),
                        object("id", secondId, "name", "", "vars", object("name", ""), "expected", "",
                                "assert", List.of())),
                "runs", List.of(
                        object("id", "run-newer", "status", "running", "provider", "openai", "model", "gpt-4o-mini",
                                "by", "grace@example.com", "startedAt", "2026-12-07T11:30:00.123Z",
                                "stateVector", "BQY=", "error", "", "results", List.of()),
                        object("id", "run-cancelled", "status", "cancelled", "provider", "echo", "model", "echo-1",
                                "by", "grace@example.com", "startedAt", "2026-12-07T11:00:00.000Z",
                                "finishedAt", "2026-12-07T11:00:01.000Z", "stateVector", "AQ==",
                                "summary", object("passed", 0, "failed", 0, "errors", 0, "tokensIn", 0,
                                        "tokensOut", 0),
                                "error", "cancelled by grace@example.com", "results", List.of()),
                        object("id", "run-older", "status", "failed", "provider", "echo", "model", "echo-1",
                                "by", "ada@example.com", "startedAt", "2026-12-07T10:00:00.000Z",
                                "finishedAt", "2026-12-07T10:00:03.500Z", "stateVector", "AQIDBA==",
                                "summary", object("passed", 1, "failed", 0, "errors", 1, "tokensIn", 7,
                                        "tokensOut", 3, "costUsd", 0.00125, "latencyMsP50", 42),
                                "error", "",
                                "results", List.of(
                                        List.of(FIRST_ID, object("status", "passed", "output", "Bonjour Ada !",
                                                "error", "", "pass", true, "score", 0.875,
                                                "assertions", List.of(
                                                        object("type", "contains", "pass", true, "score", 1,
                                                                "reason", "found \"Bonjour\""),
                                                        object("type", "contains-any", "pass", false, "score", 0)),
                                                "latencyMs", 42, "tokensIn", 7, "tokensOut", 3, "costUsd", 0.00125)),
                                        List.of(secondId, object("status", "error", "output", "",
                                                "error", "the provider answered 500", "assertions", List.of())))))));
    }

    /** web-client beside this module, with the node_modules its Maven build installs. */
    private static Path webClient() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path webClient = module.toAbsolutePath().resolveSibling("web-client");
        if (!Files.isRegularFile(webClient.resolve("node_modules/vitest/vitest.mjs"))) {
            throw new IllegalStateException(webClient + "/node_modules is missing: the Maven build of web-client"
                    + " installs it (build-tools/npm-ci.sh); or run `npm ci` in " + webClient + ".");
        }
        return webClient;
    }
}
