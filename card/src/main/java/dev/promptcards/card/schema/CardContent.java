package dev.promptcards.card.schema;

import dev.promptcards.crdt.YText;
import java.util.List;

/**
 * What a card says, without its runs: the form in which a card is read out (as JSON, say) or imported.
 *
 * @param title       the title
 * @param description what the card is for
 * @param system      the system prompt, may be empty
 * @param template    the user prompt with {@code {{var}}} placeholders
 * @param model       the model settings
 * @param tests       the test cases, in order
 */
public record CardContent(String title, String description, String system, String template, ModelSettings model,
        List<TestCase> tests) {

    /** Reads a card's content. */
    public static CardContent read(CardDocument card) {
        return new CardContent(card.title().toString(), card.description().toString(), card.system().toString(),
                card.template().toString(), ModelSettings.read(card.model()), TestCases.readAll(card));
    }

    /**
     * Replaces the card's content with this one in one transaction: the texts and model settings, and
     * the test cases (each created whole, keeping its id when it has one). Runs are left as they are.
     */
    public void write(CardDocument card) {
        card.doc().transact(tr -> {
            replace(card.title(), title);
            replace(card.description(), description);
            replace(card.system(), system);
            replace(card.template(), template);
            (model == null ? new ModelSettings(null, null, null, null) : model).write(card.model());
            card.tests().delete(0, card.tests().length());
            if (tests != null) {
                tests.forEach(test -> TestCases.add(card, test));
            }
        });
    }

    private static void replace(YText text, String content) {
        text.delete(0, text.length());
        if (content != null && !content.isEmpty()) {
            text.insert(0, content);
        }
    }
}
