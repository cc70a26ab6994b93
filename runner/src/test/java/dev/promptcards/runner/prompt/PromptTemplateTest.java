package dev.promptcards.runner.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void a_variable_is_replaced_with_or_without_spaces_inside_the_braces() {
        PromptTemplate template = PromptTemplate.parse("A {{x}} B {{ y }} C {{\tz\n}} D {{  x}}");

        assertEquals("A 1 B 2 C 3 D 1", template.render(Map.of("x", "1", "y", "2", "z", "3")));
        assertEquals(List.of("x", "y", "z"), List.copyOf(template.variables()));
    }

    @Test
    void a_repeated_variable_is_listed_once_and_replaced_everywhere() {
        PromptTemplate template = PromptTemplate.parse("{{name}}, {{ name }}! {{lang}} {{name}}");

        assertEquals(List.of("name", "lang"), List.copyOf(template.variables()));
        assertEquals("Ada, Ada! fr Ada", template.render(Map.of("name", "Ada", "lang", "fr")));
    }

    @Test
    void names_are_identifiers_with_letters_digits_and_underscores() {
        PromptTemplate template = PromptTemplate.parse("{{_a}}{{b_2}}{{CamelCase}}");

        assertEquals(List.of("_a", "b_2", "CamelCase"), List.copyOf(template.variables()));
        assertEquals("123", template.render(Map.of("_a", "1", "b_2", "2", "CamelCase", "3")));
    }

    @Test
    void a_missing_variable_is_named_in_the_exception() {
        PromptTemplate template = PromptTemplate.parse("Translate {{text}} into {{lang}}.");

        MissingVariableException missing = assertThrows(MissingVariableException.class,
                () -> template.render(Map.of("text", "hello")));

        assertEquals("missing variable {{lang}}: the test case gives no value", missing.getMessage());
        assertEquals(List.of("lang"), missing.variables());
    }

    @Test
    void every_missing_variable_is_named_sorted_whatever_their_order_in_the_text() {
        PromptTemplate template = PromptTemplate.parse("{{zeta}} {{alpha}} {{mid}} {{alpha}} {{given}}");

        MissingVariableException missing = assertThrows(MissingVariableException.class,
                () -> template.render(Map.of("given", "g")));

        assertEquals("missing variables {{alpha}}, {{mid}}, {{zeta}}: the test case gives no value",
                missing.getMessage());
        assertEquals(List.of("alpha", "mid", "zeta"), missing.variables());
    }

    @Test
    void a_null_value_is_missing_and_an_empty_value_is_a_value() {
        PromptTemplate template = PromptTemplate.parse("[{{a}}]");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a", null);

        assertEquals("[]", template.render(Map.of("a", "")));
        assertEquals(List.of("a"), assertThrows(MissingVariableException.class,
                () -> template.render(nullValue)).variables());
        assertEquals(List.of("a"), assertThrows(MissingVariableException.class,
                () -> template.render(null)).variables());
    }

    @Test
    void a_value_containing_braces_is_inserted_verbatim_and_never_rendered_again() {
        PromptTemplate template = PromptTemplate.parse("Q: {{question}} / {{other}}");

        String rendered = template.render(Map.of("question", "what is {{other}}? {{ missing }}", "other", "x"));

        assertEquals("Q: what is {{other}}? {{ missing }} / x", rendered);
    }

    @Test
    void braces_that_are_not_a_variable_reference_are_left_as_they_are() {
        String text = "json {\"a\": {\"b\": 1}} {{}} {{ 9lives }} {{two words}} {{ user.email }}"
                + " {{ text | upper }} {{open {{ok}} }} end {{";
        PromptTemplate template = PromptTemplate.parse(text);

        assertEquals(List.of("ok"), List.copyOf(template.variables()));
        assertEquals(text.replace("{{ok}}", "OK"), template.render(Map.of("ok", "OK")));
    }

    @Test
    void triple_braces_are_a_literal_brace_around_a_reference() {
        PromptTemplate template = PromptTemplate.parse("{{{raw}}}");

        assertEquals(List.of("raw"), List.copyOf(template.variables()));
        assertEquals("{v}", template.render(Map.of("raw", "v")));
    }

    @Test
    void a_text_without_variables_renders_as_itself_with_no_values() {
        assertEquals("plain } text {", PromptTemplate.parse("plain } text {").render(Map.of()));
        assertEquals("", PromptTemplate.parse(null).render(Map.of()));
        assertEquals(List.of(), List.copyOf(PromptTemplate.parse("").variables()));
    }

    @Test
    void unused_values_are_ignored() {
        assertEquals("hi Ada", PromptTemplate.parse("hi {{name}}").render(Map.of("name", "Ada", "extra", "x")));
    }
}
