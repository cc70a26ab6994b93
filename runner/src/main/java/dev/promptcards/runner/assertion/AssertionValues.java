package dev.promptcards.runner.assertion;

import dev.promptcards.runner.prompt.MissingVariableException;
import dev.promptcards.runner.prompt.PromptTemplate;
import java.util.Map;

/**
 * An assertion value rendered with the test case's variables, as promptfoo renders a value with the
 * test's vars before checking it (src/assertions/index.ts, renderedValue). The same {@code {{var}}}
 * syntax as the card's prompts ({@link PromptTemplate}); a variable the test lacks is an error, where
 * Nunjucks would print nothing.
 */
final class AssertionValues {

    private AssertionValues() {
    }

    /**
     * Renders {@code value} for the assertion type {@code type}.
     *
     * @throws InvalidAssertionException naming the missing variables
     */
    static String render(String type, String value, Map<String, String> vars) {
        try {
            return PromptTemplate.parse(value).render(vars);
        } catch (MissingVariableException e) {
            throw new InvalidAssertionException("\"" + type + "\" assertion value has a " + e.getMessage());
        }
    }
}
