package dev.promptcards.runner.run;

import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.Runs;
import java.util.List;

/** Keeps a card's document to its newest runs; the older ones stay in the database only. */
final class RunsInDocument {

    private RunsInDocument() {
    }

    /** Removes the runs beyond the newest {@code keep} (by start), in the caller's transaction. */
    static void keepNewest(CardDocument card, int keep) {
        List<String> runs = Runs.idsNewestFirst(card);
        for (int i = keep; i < runs.size(); i++) {
            Runs.remove(card, runs.get(i));
        }
    }
}
