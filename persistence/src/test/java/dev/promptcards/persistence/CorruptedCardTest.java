package dev.promptcards.persistence;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import dev.promptcards.persistence.LogFixtures.Editor;
import dev.promptcards.persistence.LogFixtures.StoredRow;
import dev.promptcards.persistence.LogFixtures.StoredSnapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.promptcards.persistence.CompactionTest.assertSameRows;
import static dev.promptcards.persistence.CompactionTest.assertSameSnapshots;
import static dev.promptcards.persistence.LogFixtures.assertSameDoc;
import static dev.promptcards.persistence.LogFixtures.docOf;
import static dev.promptcards.persistence.LogFixtures.newCard;
import static dev.promptcards.persistence.LogFixtures.rows;
import static dev.promptcards.persistence.LogFixtures.snapshots;
import static dev.promptcards.persistence.jooq.Tables.CARD_SNAPSHOTS;
import static dev.promptcards.persistence.jooq.Tables.CARD_UPDATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorruptedCardTest extends DatabaseTestBase {

    /** A card with a snapshot (30 edits) and 30 log rows after it, and a healthy neighbour. */
    private record Setup(CardRef card, Editor editor, CardRef neighbour, Editor neighbourEditor) { }

    private static Setup setUp(UpdateLog log, String workspace) {
        CardRef card = newCard(dsl(), workspace);
        CardRef neighbour = newCard(dsl(), workspace);
        Editor e = new Editor(1, workspace.hashCode());
        Editor n = new Editor(2, workspace.hashCode() + 1);
        appendAll(log, card, e, 30);
        appendAll(log, neighbour, n, 30);
        assertTrue(log.compact(card));
        appendAll(log, card, e, 30);
        appendAll(log, neighbour, n, 30);
        return new Setup(card, e, neighbour, n);
    }

    private static void appendAll(UpdateLog log, CardRef card, Editor e, int edits) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            done.add(log.append(card, e.edit()));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    }

    /** Cut short: the decoder runs out of input. */
    private static byte[] truncated(byte[] update) {
        byte[] bad = Arrays.copyOf(update, update.length / 2);
        assertThrows(UpdateDecodeException.class, () -> Y.applyUpdate(new Doc(), bad), "really malformed");
        return bad;
    }

    @Test
    void a_corrupted_log_row_refuses_the_load_naming_card_and_row_and_changes_nothing() {
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            Setup s = setUp(log, "ws-badrow");
            StoredRow victim = rows(dsl(), s.card()).get(7);
            dsl().update(CARD_UPDATES).set(CARD_UPDATES.DATA, truncated(victim.data()))
                    .where(CARD_UPDATES.CARD.eq(s.card().id()), CARD_UPDATES.SEQ.eq(victim.seq())).execute();
            List<StoredRow> rowsBefore = rows(dsl(), s.card());
            List<StoredSnapshot> snapsBefore = snapshots(dsl(), s.card());

            CardCorruptedException e = assertThrows(CardCorruptedException.class, () -> log.load(s.card()));
            assertEquals(s.card(), e.card());
            assertEquals("ws-badrow", e.workspace());
            assertEquals(s.card().name(), e.cardName());
            assertEquals("log row seq " + victim.seq(), e.row());
            assertInstanceOf(UpdateDecodeException.class, e.getCause());
            assertTrue(e.getMessage().startsWith("card ws-badrow/" + s.card().name() + " (id " + s.card().id()
                    + ") is corrupted: its log row seq " + victim.seq() + " is not a valid Yjs update"), e.getMessage());

            assertSameRows(rowsBefore, rows(dsl(), s.card()));
            assertSameSnapshots(snapsBefore, snapshots(dsl(), s.card()));
            assertThrows(CardCorruptedException.class, () -> log.load(s.card()), "refuses again");
            assertThrows(CardCorruptedException.class, () -> log.compact(s.card()), "and refuses to compact");
            assertSameRows(rowsBefore, rows(dsl(), s.card()));
            assertSameSnapshots(snapsBefore, snapshots(dsl(), s.card()));

            assertSameDoc(s.neighbourEditor().doc, docOf(log.load(s.neighbour()).update()), "other cards load");
            appendAll(log, s.neighbour(), s.neighbourEditor(), 5);
            assertTrue(log.compact(s.neighbour()), "and compact");
            assertSameDoc(s.neighbourEditor().doc, docOf(log.load(s.neighbour()).update()), "neighbour compacted");
        }
    }

    @Test
    void a_corrupted_snapshot_refuses_the_load_naming_it_and_changes_nothing() {
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            Setup s = setUp(log, "ws-badsnap");
            StoredSnapshot snap = snapshots(dsl(), s.card()).getFirst();
            dsl().update(CARD_SNAPSHOTS).set(CARD_SNAPSHOTS.STATE, truncated(snap.state()))
                    .where(CARD_SNAPSHOTS.CARD.eq(s.card().id())).execute();
            List<StoredRow> rowsBefore = rows(dsl(), s.card());
            List<StoredSnapshot> snapsBefore = snapshots(dsl(), s.card());

            CardCorruptedException e = assertThrows(CardCorruptedException.class, () -> log.load(s.card()));
            assertEquals("snapshot at seq " + snap.lastSeq(), e.row());
            assertTrue(e.getMessage().contains("ws-badsnap/" + s.card().name()), e.getMessage());
            CardCorruptedException c = assertThrows(CardCorruptedException.class, () -> log.compact(s.card()));
            assertEquals(e.row(), c.row());

            assertSameRows(rowsBefore, rows(dsl(), s.card()));
            assertSameSnapshots(snapsBefore, snapshots(dsl(), s.card()));
            assertSameDoc(s.neighbourEditor().doc, docOf(log.load(s.neighbour()).update()), "other cards load");
        }
    }

    @Test
    void garbage_bytes_and_an_empty_row_are_refused_too() {
        try (UpdateLog log = new UpdateLog(dsl(), UpdateLogSettings.defaults())) {
            for (byte[] garbage : List.of(new byte[0], new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff},
                    "not an update".getBytes())) {
                CardRef card = newCard(dsl(), "ws-garbage");
                log.append(card, new Editor(3, 3).edit()).join();
                log.append(card, garbage).join();
                CardCorruptedException e = assertThrows(CardCorruptedException.class, () -> log.load(card),
                        Arrays.toString(garbage));
                assertSame(card, e.card());
                assertTrue(e.row().startsWith("log row seq "));
            }
        }
    }
}
