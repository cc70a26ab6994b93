package dev.promptcards.runner.promptfoo;

import static dev.promptcards.runner.promptfoo.PromptfooImportTest.ids;
import static dev.promptcards.runner.promptfoo.PromptfooImportTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.TestCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptfooRoundTripTest {

    @Test
    void a_card_exported_and_imported_again_is_the_same_card() {
        CardContent card = PromptfooExportTest.card();

        PromptfooImportResult back = PromptfooImport.fromYaml(PromptfooExport.toYaml(card));

        assertEquals(card, back.card());
        assertEquals(List.of(), back.notes());
    }

    @Test
    void a_card_with_one_test_and_no_model_comes_back_the_same() {
        CardContent card = new CardContent("Plain", "", "", "Answer: {{q}}", null,
                List.of(new TestCase("only", "one", Map.of("q", "why?"), "because",
                        List.of(new Assertion("not-regex", "^\\s*$", null, null),
                                new Assertion("cost", null, 0.002, null)),
                        null)));

        assertEquals(card, PromptfooImport.fromYaml(PromptfooExport.toYaml(card)).card());
    }

    @Test
    void a_template_that_is_a_json_array_stays_a_template() {
        CardContent card = new CardContent("List", "", "", "[\"{{a}}\", \"{{b}}\"]", null, List.of());

        String yaml = PromptfooExport.toYaml(card);

        assertEquals("""
                description: List
                prompts:
                  - |-
                    [
                      {"role":"user","content":"[\\"{{a}}\\", \\"{{b}}\\"]"}
                    ]
                """, yaml);
        assertEquals(card, PromptfooImport.fromYaml(yaml).card());
    }

    @Test
    void exporting_an_imported_export_gives_the_same_text() {
        String yaml = PromptfooExport.toYaml(PromptfooExportTest.card());

        assertEquals(yaml, PromptfooExport.toYaml(PromptfooImport.fromYaml(yaml).card()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"translation.yaml", "support-json.yaml", "csv-config.yaml"})
    void a_config_exported_after_its_import_means_the_same(String config) {
        String csv = config.equals("csv-config.yaml") ? resource("tests.csv") : null;
        CardContent imported = PromptfooImport.fromYaml(resource(config), csv, ids()).card();

        String exported = PromptfooExport.toYaml(imported);

        assertEquals(imported, PromptfooImport.fromYaml(exported, null, ids()).card());
    }
}
