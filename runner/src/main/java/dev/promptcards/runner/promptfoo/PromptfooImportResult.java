package dev.promptcards.runner.promptfoo;

import dev.promptcards.card.schema.CardContent;
import java.util.List;

/**
 * An imported promptfoo config.
 *
 * @param card  the card's content
 * @param notes what was kept in another form or not kept, each naming its field path, in the config's
 *              order
 */
public record PromptfooImportResult(CardContent card, List<String> notes) {

    public PromptfooImportResult {
        notes = List.copyOf(notes);
    }
}
