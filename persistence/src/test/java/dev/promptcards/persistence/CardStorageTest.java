package dev.promptcards.persistence;

import dev.promptcards.persistence.LogFixtures.Editor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.promptcards.persistence.LogFixtures.assertSameDoc;
import static dev.promptcards.persistence.LogFixtures.docOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CardStorageTest extends DatabaseTestBase {

    @Test
    void cards_created_in_the_store_keep_their_state_in_the_log_across_reopening() {
        Editor e = new Editor(1, 1);
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        CardRef card;
        try (CardStorage storage = CardStorage.open(database, UpdateLogSettings.defaults())) {
            assertSame(database, storage.database());
            card = storage.cards().create("ws-storage", "notes", "alice");
            for (int i = 0; i < 40; i++) {
                pending.add(storage.log().append(card, e.edit()));
            }
        } // close flushes
        pending.forEach(f -> assertTrue(f.isDone() && !f.isCompletedExceptionally()));
        try (CardStorage storage = CardStorage.open(database, UpdateLogSettings.defaults())) {
            CardRef again = storage.cards().find("ws-storage", "notes").orElseThrow();
            assertEquals(card, again);
            StoredState stored = storage.log().load(again);
            assertSameDoc(e.doc, docOf(stored.update()), "reopened");
            assertEquals(40, stored.logRows());
        }
        assertEquals(1, (int) database.dsl().fetchValue("select 1", Integer.class), "the database stays open");
    }
}
