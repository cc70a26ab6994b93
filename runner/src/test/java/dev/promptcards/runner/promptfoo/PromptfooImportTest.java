package dev.promptcards.runner.promptfoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PromptfooImportTest {

    static String resource(String name) {
        try (InputStream in = PromptfooImportTest.class.getResourceAsStream("/promptfoo/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids id-1, id-2, ... in the order asked. */
    static Supplier<String> ids() {
        int[] next = {0};
        return () -> "id-" + ++next[0];
    }

    private static Map<String, String> vars(String... pairs) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return vars;
    }

    @Test
    void a_chat_config_with_default_test_weights_thresholds_and_not_assertions_imports_exactly() {
        PromptfooImportResult result = PromptfooImport.fromYaml(resource("translation.yaml"), null, ids());

        List<Assertion> shared = List.of(new Assertion("not-icontains", "as an AI", null, null),
                new Assertion("latency", null, 5000.0, null));
        CardContent expected = new CardContent("Translate to French", "",
                "You are a careful translator. Answer with the translation only.",
                "Translate into {{language}}: {{text}}",
                new ModelSettings("openai", "gpt-4o-mini", 0.2, 256L),
                List.of(new TestCase("id-1", "greeting", vars("language", "French", "text", "Hello, world"), "",
                                List.of(shared.get(0), shared.get(1),
                                        new Assertion("icontains-any", List.of("bonjour", "salut"), null, 2.0),
                                        new Assertion("not-contains", "Hello", null, null)),
                                null),
                        new TestCase("id-2", "longer sentence",
                                vars("language", "Canadian French", "text", "The weather is nice today."), "",
                                List.of(shared.get(0), shared.get(1),
                                        new Assertion("llm-rubric", "Is a faithful, natural French translation", null,
                                                3.0),
                                        new Assertion("similar", "Il fait beau aujourd'hui.", 0.8, null),
                                        new Assertion("levenshtein", "Il fait beau aujourd'hui.", 10.0, 0.0)),
                                0.6)));
        assertEquals(expected, result.card());
        assertEquals(List.of(), result.notes());
    }

    @Test
    void a_json_config_keeps_the_schema_and_notes_what_it_does_not_keep() {
        PromptfooImportResult result = PromptfooImport.fromYaml(resource("support-json.yaml"), null, ids());

        Map<String, Object> category = new LinkedHashMap<>();
        category.put("type", "string");
        category.put("enum", List.of("billing", "bug", "other"));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("category", category);
        properties.put("urgent", Map.of("type", "boolean"));
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("required", List.of("category", "urgent"));
        schema.put("properties", properties);
        Assertion isJson = new Assertion("is-json", schema, null, null);
        CardContent expected = new CardContent("Support ticket triage", "Classifies a ticket and answers as JSON.",
                "", "Classify this ticket and answer with JSON: {{ticket}}",
                new ModelSettings("anthropic", "claude-3-5-haiku-20241022", null, null),
                List.of(new TestCase("id-1", "", vars("ticket", "I was charged twice this month"), "",
                                List.of(isJson, new Assertion("contains-json", null, null, null),
                                        new Assertion("contains-all", List.of("billing", "\"urgent\""), null, null),
                                        new Assertion("regex", "\"category\":\\s*\"billing\"", null, null)),
                                0.75),
                        new TestCase("id-2", "crash report", vars("ticket", "The app crashes on start", "attempts", "3"),
                                "",
                                List.of(isJson, new Assertion("icontains", "bug", null, null),
                                        new Assertion("starts-with", "{", null, null),
                                        new Assertion("not-equals", "", null, null)),
                                0.75)));
        assertEquals(expected, result.card());
        assertEquals(List.of(
                "providers[1]: not kept: a card runs on one model, the first provider's",
                "tests[1].vars.attempts: kept as the text 3 (a card's variable is text; the prompt renders the same)",
                "tests[1].assert[0].metric: not kept: a card's assertion has no metric name (it does not change the"
                        + " grade)",
                "tests[1].metadata.category: not kept: a card's test holds no metadata (it does not change how the"
                        + " test is run or graded)"),
                result.notes());
    }

    @Test
    void csv_tests_with_expected_columns_import_with_the_config() {
        PromptfooImportResult result = PromptfooImport.fromYaml(resource("csv-config.yaml"), resource("tests.csv"),
                ids());

        Assertion wordCount = new Assertion("word-count", Map.of("max", 3L), null, null);
        CardContent expected = new CardContent("Capitals quiz", "", "",
                "What is the capital of {{country}}? Answer in one word.",
                new ModelSettings("ollama", "llama3.2", 0.0, 32L),
                List.of(new TestCase("id-1", "France's capital", vars("country", "France"), "",
                                List.of(wordCount, new Assertion("equals", "Paris", null, null),
                                        new Assertion("contains-any", List.of("Paris", "paris"), null, null)),
                                null),
                        new TestCase("id-2", "", vars("country", "Korea, South"), "",
                                List.of(wordCount, new Assertion("similar", "Seoul", 0.7, null),
                                        new Assertion("not-contains", "Pyongyang", null, null)),
                                0.5),
                        new TestCase("id-3", "The \"tricky\" one", vars("country", "Australia"), "",
                                List.of(wordCount, new Assertion("icontains", "canberra", null, null),
                                        new Assertion("levenshtein", "Canberra", 2.0, null)),
                                null)));
        assertEquals(expected, result.card());
        assertEquals(List.of("csv line 3, column __metric: not kept: a card's test holds no metric names or metadata"
                + " (they do not change how the test is run or graded)"), result.notes());
    }

    @Test
    void csv_text_is_read_as_the_tests_of_a_config_without_tests() {
        String yaml = "prompts: ['{{q}}']\n";
        String csv = "q,__expected\r\n\"two\nlines\",\"llm-rubric: Is polite\"\r\n";

        CardContent card = PromptfooImport.fromYaml(yaml, csv, ids()).card();

        assertEquals(List.of(new TestCase("id-1", "", vars("q", "two\nlines"), "",
                List.of(new Assertion("llm-rubric", " Is polite", null, null)), null)), card.tests());
    }

    @Test
    void a_default_test_without_tests_is_the_one_test_promptfoo_runs() {
        String yaml = "prompts: ['Say {{word}}']\ndefaultTest:\n  vars: {word: hi}\n  assert:\n"
                + "    - {type: equals, value: hi}\n";

        CardContent card = PromptfooImport.fromYaml(yaml, null, ids()).card();

        assertEquals(List.of(new TestCase("id-1", "", vars("word", "hi"), "",
                List.of(new Assertion("equals", "hi", null, null)), null)), card.tests());
    }

    @Test
    void test_ids_and_expected_outputs_come_back_from_metadata_and_a_repeated_id_gets_a_new_one() {
        String yaml = "prompts: ['{{q}}']\ntests:\n"
                + "  - metadata: {testId: t-1, expected: Paris}\n"
                + "  - metadata: {testId: t-1}\n";

        CardContent card = PromptfooImport.fromYaml(yaml, null, ids()).card();

        assertEquals(List.of(new TestCase("t-1", "", Map.of(), "Paris", List.of(), null),
                new TestCase("id-1", "", Map.of(), "", List.of(), null)), card.tests());
    }

    @Test
    void provider_shorthands_are_read_as_the_card_names_them() {
        assertEquals(new ModelSettings("openai", "gpt-4o", null, null), model("openai:gpt-4o"));
        assertEquals(new ModelSettings("echo", null, null, null), model("echo"));
        assertEquals(new ModelSettings("ollama", "llama3:8b", null, null), model("ollama:chat:llama3:8b"));
        PromptfooImportResult legacy = PromptfooImport.fromYaml(
                "prompts: ['{{q}}']\nproviders:\n  - ollama:llama3:\n      config: {num_predict: 5}\n");
        assertEquals(new ModelSettings("ollama", "llama3", null, 5L), legacy.card().model());
        assertEquals(List.of("providers[0].ollama:llama3: imported as Ollama's chat API (ollama:chat:llama3): the"
                + " card talks to its model by chat"), legacy.notes());
    }

    private static ModelSettings model(String id) {
        return PromptfooImport.fromYaml("prompts: ['{{q}}']\nproviders: " + id + "\n").card().model();
    }

    @Test
    void fields_without_a_place_in_the_card_are_noted_not_dropped_silently() {
        String yaml = """
                description: Notes
                outputPath: results.json
                prompts:
                  - label: main
                    raw: 'Hi {{name}}'
                providers:
                  - id: ollama:completion:llama3
                    label: local
                tests:
                  - vars: {name: Ann, vip: true}
                """;

        PromptfooImportResult result = PromptfooImport.fromYaml(yaml, null, ids());

        assertEquals(new CardContent("Notes", "", "", "Hi {{name}}", new ModelSettings("ollama", "llama3", null, null),
                List.of(new TestCase("id-1", "", vars("name", "Ann", "vip", "true"), "", List.of(), null))),
                result.card());
        assertEquals(List.of(
                "outputPath: not kept: a card has no place for it (it does not change what is run or graded)",
                "prompts[0].label: not kept: a card's prompt has no label",
                "providers[0]: imported as Ollama's chat API (ollama:chat:llama3): the card talks to its model by chat",
                "providers[0].label: not kept: a card's model has no label",
                "tests[0].vars.vip: kept as the text true (a card's variable is text; the prompt renders the same)"),
                result.notes());
    }
}
