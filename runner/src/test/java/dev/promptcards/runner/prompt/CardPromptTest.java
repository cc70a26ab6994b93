package dev.promptcards.runner.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardPromptTest {

    @Test
    void system_prompt_and_user_template_are_rendered_with_the_same_values() {
        CardPrompt prompt = CardPrompt.parse("You answer in {{ lang }}.", "Translate {{text}}.");

        RenderedPrompt rendered = prompt.render(Map.of("lang", "French", "text", "good morning"));

        assertEquals(new RenderedPrompt("You answer in French.", "Translate good morning."), rendered);
        assertTrue(rendered.hasSystem());
    }

    @Test
    void an_empty_system_prompt_renders_as_empty() {
        RenderedPrompt rendered = CardPrompt.parse("", "Say {{word}}").render(Map.of("word", "hi"));

        assertEquals(new RenderedPrompt("", "Say hi"), rendered);
        assertFalse(rendered.hasSystem());
        assertEquals(new RenderedPrompt("", "Say hi"), CardPrompt.parse(null, "Say {{word}}")
                .render(Map.of("word", "hi")));
    }

    @Test
    void missing_variables_of_both_prompts_are_named_together_sorted() {
        CardPrompt prompt = CardPrompt.parse("Be {{tone}}, {{b}}", "{{text}} in {{a}}");

        MissingVariableException missing = assertThrows(MissingVariableException.class,
                () -> prompt.render(Map.of("text", "t")));

        assertEquals(List.of("a", "b", "tone"), missing.variables());
        assertEquals("missing variables {{a}}, {{b}}, {{tone}}: the test case gives no value", missing.getMessage());
    }

    @Test
    void variables_lists_the_templates_then_the_system_prompts_each_once() {
        CardPrompt prompt = CardPrompt.parse("{{tone}} {{text}}", "{{text}} {{lang}}");

        assertEquals(List.of("text", "lang", "tone"), List.copyOf(prompt.variables()));
    }

    @Test
    void a_cards_content_gives_its_system_prompt_and_template() {
        CardContent card = new CardContent("t", "d", "sys {{x}}", "user {{x}}",
                new ModelSettings("echo", null, null, null), List.of());

        assertEquals(new RenderedPrompt("sys 1", "user 1"), CardPrompt.of(card).render(Map.of("x", "1")));
    }
}
