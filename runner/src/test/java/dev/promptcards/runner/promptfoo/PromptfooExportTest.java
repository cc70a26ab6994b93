package dev.promptcards.runner.promptfoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptfooExportTest {

    static CardContent card() {
        Map<String, String> paris = new LinkedHashMap<>();
        paris.put("city", "Paris");
        paris.put("tone", "formal");
        Map<String, String> rome = new LinkedHashMap<>();
        rome.put("city", "Rome");
        rome.put("tone", "formal");
        Assertion noApology = new Assertion("not-icontains", "sorry", null, 1.0);
        return new CardContent("City guide", "Short guides to cities.\nOne paragraph each.",
                "You are a travel writer.", "Write a {{tone}} paragraph about {{city}}.",
                new ModelSettings("anthropic", "claude-3-5-haiku-20241022", 0.7, 300L),
                List.of(new TestCase("t-paris", "Paris", paris, "Paris is the capital of France.",
                                List.of(noApology, new Assertion("contains-any", List.of("Eiffel", "Louvre"), null, 2.0),
                                        new Assertion("similar", "A paragraph about Paris", 0.75, null)),
                                0.5),
                        new TestCase("t-rome", "Rome", rome, "",
                                List.of(noApology, new Assertion("llm-rubric", "Mentions ancient history", null, 3.0)),
                                0.5)));
    }

    @Test
    void a_card_exports_as_this_exact_promptfoo_config() {
        assertEquals("""
                description: |-
                  City guide

                  Short guides to cities.
                  One paragraph each.
                prompts:
                  - |-
                    [
                      {"role":"system","content":"You are a travel writer."},
                      {"role":"user","content":"Write a {{tone}} paragraph about {{city}}."}
                    ]
                providers:
                  - id: anthropic:messages:claude-3-5-haiku-20241022
                    config:
                      temperature: 0.7
                      max_tokens: 300
                defaultTest:
                  vars:
                    tone: formal
                  assert:
                    - type: not-icontains
                      value: sorry
                      weight: 1
                  threshold: 0.5
                tests:
                  - description: Paris
                    vars:
                      city: Paris
                    assert:
                      - type: contains-any
                        value:
                          - Eiffel
                          - Louvre
                        weight: 2
                      - type: similar
                        value: A paragraph about Paris
                        threshold: 0.75
                    metadata:
                      testId: t-paris
                      expected: Paris is the capital of France.
                  - description: Rome
                    vars:
                      city: Rome
                    assert:
                      - type: llm-rubric
                        value: Mentions ancient history
                        weight: 3
                    metadata:
                      testId: t-rome
                """, PromptfooExport.toYaml(card()));
    }

    @Test
    void a_card_without_system_prompt_tests_or_model_settings_exports_the_bare_minimum() {
        CardContent card = new CardContent("Echo", "", "", "Repeat: {{text}}",
                new ModelSettings("openai", "gpt-4o-mini", null, null), List.of());

        assertEquals("""
                description: Echo
                prompts:
                  - "Repeat: {{text}}"
                providers:
                  - openai:chat:gpt-4o-mini
                """, PromptfooExport.toYaml(card));
    }

    @Test
    void texts_that_read_as_numbers_or_booleans_stay_texts() {
        CardContent card = new CardContent("Math", "", "", "{{a}}+{{b}}", null,
                List.of(new TestCase("t", "", Map.of("a", "2"), "", List.of(new Assertion("equals", "true", null, null)),
                        null)));

        String yaml = PromptfooExport.toYaml(card);

        assertEquals(card, PromptfooImport.fromYaml(yaml).card());
    }

    @Test
    void ollama_tokens_are_num_predict_and_echo_has_no_model() {
        CardContent ollama = new CardContent("", "", "", "{{q}}", new ModelSettings("ollama", "llama3.2", null, 64L),
                List.of());
        CardContent echo = new CardContent("", "", "", "{{q}}", new ModelSettings("echo", null, null, null),
                List.of());
        assertEquals("""
                description: ""
                prompts:
                  - "{{q}}"
                providers:
                  - id: ollama:chat:llama3.2
                    config:
                      num_predict: 64
                """, PromptfooExport.toYaml(ollama));
        assertEquals("""
                description: ""
                prompts:
                  - "{{q}}"
                providers:
                  - echo
                """, PromptfooExport.toYaml(echo));
    }
}
