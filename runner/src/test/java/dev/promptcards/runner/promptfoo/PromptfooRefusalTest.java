package dev.promptcards.runner.promptfoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptfooRefusalTest {

    private static List<String> problems(String yaml) {
        return assertThrows(PromptfooImportException.class, () -> PromptfooImport.fromYaml(yaml)).problems();
    }

    private static String tests(String assertion) {
        return "prompts: ['{{q}}']\ntests:\n  - vars: {q: hi}\n    assert:\n      - {type: contains, value: hi}\n"
                + "      - " + assertion + "\n";
    }

    private static PromptfooImportException broken(String yaml) {
        return assertThrows(PromptfooImportException.class, () -> PromptfooImport.fromYaml(yaml));
    }

    @Test
    void broken_yaml_reports_its_line_and_column() {
        PromptfooImportException e = broken("description: x\ntests:\n  - vars: {a: 1}\n   bad: 2\n");
        assertEquals(4, e.line());
        assertEquals(4, e.column());
        assertEquals("YAML line 4, column 4: while parsing a block collection; expected <block end>, but found"
                + " '<block mapping start>'", e.getMessage());
        assertEquals(List.of(e.getMessage()), e.problems());
    }

    @Test
    void an_unclosed_quote_is_reported_where_it_opens_and_a_broken_list_where_it_breaks() {
        PromptfooImportException quote = broken("description: x\nprompts:\n  - 'unclosed\ntests: []\n");
        assertEquals(List.of(3, 3), List.of(quote.line(), quote.column()));
        assertEquals("YAML line 3, column 3: while scanning a quoted scalar; found unexpected end of stream",
                quote.getMessage());
        PromptfooImportException list = broken("a: [1, 2\nb: 3\n");
        assertEquals(List.of(2, 2), List.of(list.line(), list.column()));
    }

    @Test
    void a_duplicate_key_is_reported_where_it_is() {
        PromptfooImportException e = broken("description: x\nprompts: ['a']\ndescription: y\n");
        assertEquals(List.of(3, 12), List.of(e.line(), e.column()));
        assertEquals("YAML line 3, column 12: Duplicate field 'description'", e.getMessage());
    }

    @Test
    void a_config_that_is_not_a_map_is_refused() {
        assertEquals(List.of("the config must be a YAML map (description, prompts, providers, tests ...)"),
                problems("- just\n- a list\n"));
        assertEquals(List.of("the config must be a YAML map (description, prompts, providers, tests ...)"),
                problems(""));
    }

    @Test
    void an_assertion_type_the_runner_does_not_grade_is_refused_by_its_path() {
        assertEquals(List.of("tests[0].assert[1].type: javascript is not supported"),
                problems(tests("{type: javascript, value: output.length < 10}")));
        assertEquals(List.of("tests[0].assert[1].type: python is not supported",
                "tests[0].assert[1].value: file://check.py cannot be read here; put the value inline"),
                problems(tests("{type: python, value: file://check.py}")));
        assertEquals(List.of("tests[0].assert[1].type: factuality is not supported"),
                problems(tests("{type: factuality, value: Paris}")));
    }

    @Test
    void assertion_fields_the_card_cannot_hold_are_refused() {
        assertEquals(List.of("tests[0].assert[1].transform: not supported"),
                problems(tests("{type: contains, value: a, transform: output.toUpperCase()}")));
        assertEquals(List.of("tests[0].assert[1].provider: not supported"),
                problems(tests("{type: llm-rubric, value: polite, provider: openai:gpt-4o}")));
        assertEquals(List.of("tests[0].assert[1].value: file://expected.txt cannot be read here; put the value"
                + " inline"), problems(tests("{type: equals, value: file://expected.txt}")));
        assertEquals(List.of("tests[0].assert[1].weight: must be a number"),
                problems(tests("{type: contains, value: a, weight: heavy}")));
    }

    @Test
    void prompts_the_card_cannot_hold_are_refused() {
        assertEquals(List.of("prompts[0]: file://prompt.txt cannot be read here; put the prompt inline"),
                problems("prompts: [file://prompt.txt]\n"));
        assertEquals(List.of("prompts: 2 prompts given; a card holds one prompt"),
                problems("prompts: ['a {{q}}', 'b {{q}}']\n"));
        assertEquals(List.of("prompts[0][1]: a assistant message is not supported; a card holds one system message"
                + " and one user message"),
                problems("prompts:\n  - '[{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\","
                        + " \"content\": \"yo\"}]'\n"));
        assertEquals(List.of("prompts[0]: Nunjucks tags, filters and expressions are not supported; a card fills in"
                + " plain {{variables}} only"), problems("prompts: ['{{ name | upper }}']\n"));
        assertEquals(List.of("prompts[0]: Nunjucks tags, filters and expressions are not supported; a card fills in"
                + " plain {{variables}} only"), problems("prompts: ['{% if a %}x{% endif %}']\n"));
    }

    @Test
    void providers_and_settings_the_card_cannot_hold_are_refused() {
        assertEquals(List.of("providers[0]: azure:chat:gpt-4o is not supported; a card runs on"
                + " openai:chat:<model>, anthropic:messages:<model>, ollama:chat:<model> or echo"),
                problems("prompts: ['{{q}}']\nproviders: [azure:chat:gpt-4o]\n"));
        assertEquals(List.of("providers[0].config.top_p: not supported; a card's model has a temperature and"
                + " max_tokens"),
                problems("prompts: ['{{q}}']\nproviders:\n  - id: openai:gpt-4o\n    config: {top_p: 0.9}\n"));
        assertEquals(List.of("providers[0].config.max_tokens: must be a whole number"),
                problems("prompts: ['{{q}}']\nproviders:\n  - id: openai:gpt-4o\n    config: {max_tokens: 1.5}\n"));
    }

    @Test
    void tests_and_fields_the_card_cannot_hold_are_refused_all_at_once() {
        String yaml = """
                prompts: ['{{q}}']
                scenarios: []
                defaultTest:
                  options:
                    transform: output.trim()
                tests:
                  - vars:
                      q: [a, b]
                  - file://more_tests.yaml
                  - vars: {q: hi}
                    providerOutput: hi
                """;
        assertEquals(List.of("scenarios: not supported",
                "defaultTest.options: not supported (prefix, suffix, transform, provider and other options change"
                        + " how the card is run or graded)",
                "tests[0].vars.q: a list is not supported (promptfoo runs one test per element; a card's variable"
                        + " holds one text)",
                "tests[1]: file://more_tests.yaml cannot be read here; put the test inline",
                "tests[2].providerOutput: not supported"), problems(yaml));
    }

    @Test
    void a_csv_file_without_its_text_and_csv_refusals_are_named() {
        assertEquals(List.of("tests: file://tests.csv cannot be read here; send the CSV's text with the config"),
                problems("prompts: ['{{q}}']\ntests: file://tests.csv\n"));
        List<String> csv = assertThrows(PromptfooImportException.class, () -> PromptfooImport.fromYaml(
                "prompts: ['{{q}}']\n", "q,__expected,__prefix\nhi,javascript: output === 'hi',Answer: \n"))
                .problems();
        assertEquals(List.of("csv line 2, column __prefix: not supported (it changes the prompt of this test; a"
                + " card's tests share one prompt)", "csv line 2, column __expected.type: javascript is not"
                + " supported"), csv);
    }

    @Test
    void broken_csv_reports_its_line_and_column() {
        PromptfooImportException open = assertThrows(PromptfooImportException.class,
                () -> PromptfooImport.fromYaml("prompts: ['{{q}}']\n", "q\nok\n\"never closed\n"));
        assertEquals("CSV line 3, column 1: a quoted field is not closed", open.getMessage());
        PromptfooImportException fields = assertThrows(PromptfooImportException.class,
                () -> PromptfooImport.fromYaml("prompts: ['{{q}}']\n", "q,__expected\na,b,c\n"));
        assertEquals("CSV line 2, column 1: the row has 3 fields, the header 2", fields.getMessage());
    }
}
