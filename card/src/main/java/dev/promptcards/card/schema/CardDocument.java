package dev.promptcards.card.schema;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.YArray;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.util.Objects;

/**
 * The top-level types of a card's document, as every replica names them (web client: {@code cardOf} in
 * {@code src/card/schema.ts}). They exist on every replica by name, so nobody creates them; nested
 * types are created whole by the writers of this package ({@link TestCases}, {@link Runs}).
 *
 * @param doc         the card's document
 * @param title       the title
 * @param description what the card is for
 * @param system      the system prompt
 * @param template    the user prompt with {@code {{var}}} placeholders
 * @param model       provider, model, temperature, maxTokens (plain values): see {@link ModelSettings}
 * @param tests       the test case maps: see {@link TestCases}
 * @param runs        the run maps by run id, written by the server only: see {@link Runs}
 */
public record CardDocument(Doc doc, YText title, YText description, YText system, YText template, YMap model,
        YArray tests, YMap runs) {

    /** Validates that every part is given. */
    public CardDocument {
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tests, "tests");
        Objects.requireNonNull(runs, "runs");
    }

    /**
     * The card's top-level types in {@code doc}.
     *
     * @throws IllegalStateException if one of the names is already defined as another kind of type
     */
    public static CardDocument of(Doc doc) {
        return new CardDocument(doc,
                doc.getText(CardFields.TITLE),
                doc.getText(CardFields.DESCRIPTION),
                doc.getText(CardFields.SYSTEM),
                doc.getText(CardFields.TEMPLATE),
                doc.getMap(CardFields.MODEL),
                doc.getArray(CardFields.TESTS),
                doc.getMap(CardFields.RUNS));
    }
}
