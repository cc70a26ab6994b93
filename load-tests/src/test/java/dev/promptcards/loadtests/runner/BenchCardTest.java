package dev.promptcards.loadtests.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.TestCase;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCardTest {

    @Test
    void every_tenth_case_fails_on_its_own_customer_and_the_others_have_the_four_model_free_assertions() {
        BenchCard card = BenchCard.generate(25, 3);
        assertEquals(25, card.tests());
        assertEquals(2, card.expectedFailures());
        assertEquals(23, card.expectedPasses());
        TestCase tenth = card.content().tests().get(9);
        assertEquals("test-T0010", tenth.id());
        assertEquals(List.of("contains", "icontains", "regex", "is-json", "not-icontains"),
                tenth.assertions().stream().map(Assertion::type).toList());
        assertEquals(tenth.vars().get("customer").toUpperCase(java.util.Locale.ROOT), tenth.assertions().get(4).value());
        assertEquals(List.of("contains", "icontains", "regex", "is-json"),
                card.content().tests().get(0).assertions().stream().map(Assertion::type).toList());
        assertEquals(3, card.content().tests().get(0).vars().get("text").split(" ").length);
    }

    @Test
    void the_same_card_comes_out_each_time() {
        assertEquals(BenchCard.generate(30, 10), BenchCard.generate(30, 10));
    }

    @Test
    void a_card_without_tests_is_refused_naming_the_option() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchCard.generate(0, 10));
        assertEquals("--tests must be at least 1, not 0", e.getMessage());
    }

    @Test
    void promptfoos_config_names_the_stub_and_holds_each_case_with_its_vars_and_assertions() {
        BenchCard card = BenchCard.generate(10, 2);
        String yaml = PromptfooConfig.yaml(card.content(), URI.create("http://127.0.0.1:4242/v1"));
        assertTrue(yaml.contains("prompts:\n  - \"file://prompt.json\"\n"), yaml);
        assertTrue(yaml.contains("  - id: \"openai:chat:gpt-4o-mini\"\n    config:\n"
                + "      apiBaseUrl: \"http://127.0.0.1:4242/v1\"\n      temperature: 0\n      max_tokens: 512\n"), yaml);
        TestCase first = card.content().tests().get(0);
        Map<String, String> vars = first.vars();
        assertTrue(yaml.contains("  - description: \"" + first.name() + "\"\n    vars:\n"
                + "      id: \"T0001\"\n      product: \"" + vars.get("product") + "\"\n"
                + "      customer: \"" + vars.get("customer") + "\"\n      text: \"" + vars.get("text") + "\"\n"
                + "    assert:\n      - type: \"contains\"\n        value: \"\\\"ticket\\\": \\\"T0001\\\"\"\n"), yaml);
        assertTrue(yaml.contains("      - type: \"regex\"\n        value: \"^\\\\{\\\"ticket\\\": \\\"T\\\\d{4}\\\", "), yaml);
        assertTrue(yaml.contains("      - type: \"is-json\"\n"), yaml);
        assertEquals(10, yaml.lines().filter(l -> l.startsWith("  - description: ")).count());
        assertEquals(1, yaml.lines().filter(l -> l.equals("      - type: \"not-icontains\"")).count());
    }
}
