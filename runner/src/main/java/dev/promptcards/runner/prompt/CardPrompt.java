package dev.promptcards.runner.prompt;

import dev.promptcards.card.schema.CardContent;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeSet;

/**
 * A card's two prompts, its system prompt and its user template, parsed once for a run and rendered
 * for each of its test cases.
 */
public final class CardPrompt {

    private final PromptTemplate system;
    private final PromptTemplate user;

    private CardPrompt(PromptTemplate system, PromptTemplate user) {
        this.system = system;
        this.user = user;
    }

    /**
     * Parses a card's prompts.
     *
     * @param system   the system prompt, may be empty or null
     * @param template the user template, may be empty or null
     */
    public static CardPrompt parse(String system, String template) {
        return new CardPrompt(PromptTemplate.parse(system), PromptTemplate.parse(template));
    }

    /** Parses the prompts of a card's content. */
    public static CardPrompt of(CardContent card) {
        return parse(card.system(), card.template());
    }

    /** The parsed system prompt. */
    public PromptTemplate system() {
        return system;
    }

    /** The parsed user template. */
    public PromptTemplate user() {
        return user;
    }

    /** The variables either prompt references, each once: the template's first, then the system's. */
    public SequencedSet<String> variables() {
        SequencedSet<String> names = new LinkedHashSet<>(user.variables());
        names.addAll(system.variables());
        return names;
    }

    /**
     * Renders both prompts with a test case's values.
     *
     * @param values the test case's values (see {@link PromptTemplate#render})
     * @throws MissingVariableException naming every variable missing from either prompt, sorted
     */
    public RenderedPrompt render(Map<String, String> values) {
        Map<String, String> given = values == null ? Map.of() : values;
        TreeSet<String> missing = system.missing(given);
        missing.addAll(user.missing(given));
        if (!missing.isEmpty()) {
            throw new MissingVariableException(missing);
        }
        return new RenderedPrompt(system.render(given), user.render(given));
    }
}
