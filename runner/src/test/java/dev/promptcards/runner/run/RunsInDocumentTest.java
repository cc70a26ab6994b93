package dev.promptcards.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStart;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.crdt.Doc;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsInDocumentTest {

    @Test
    void the_card_keeps_its_newest_runs_and_lets_the_older_go() {
        CardDocument card = CardDocument.of(new Doc());
        Instant noon = Instant.parse("2026-12-07T12:00:00Z");
        // created out of order: what counts is when each was started
        for (int i : new int[] {3, 0, 4, 1, 2}) {
            Runs.create(card, "r" + i, new RunStart("echo", "echo", "ada", noon.plusSeconds(i), new byte[0]));
        }

        RunsInDocument.keepNewest(card, 3);

        assertEquals(List.of("r4", "r3", "r2"), Runs.readAll(card).stream().map(Run::id).toList());
    }
}
