package dev.promptcards.crdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a document keeps of updates it cannot integrate yet, how much it weighs, and dropping it. */
class PendingUpdatesTest {

    /** The updates a doc of {@code client} emits: "ab" typed in two transactions, then "a" deleted. */
    private static List<byte[]> typedThenDeleted(long client) {
        Doc author = new Doc(client);
        List<byte[]> updates = new ArrayList<>();
        author.onUpdate((update, origin, transaction) -> updates.add(update));
        YText text = author.getText("t");
        author.transact(t -> text.insert(0, "a"));
        author.transact(t -> text.insert(1, "b"));
        author.transact(t -> text.delete(0, 1));
        return updates;
    }

    @Test
    void a_fresh_document_has_nothing_pending() {
        Doc doc = new Doc(1);
        assertEquals(0, doc.pendingBytes());
    }

    @Test
    void inserts_whose_predecessor_never_arrived_are_counted_as_pending() {
        List<byte[]> updates = typedThenDeleted(7);
        Doc doc = new Doc(1);
        Y.applyUpdate(doc, updates.get(1));
        // the pending structs are kept as one update holding exactly what arrived
        assertEquals(updates.get(1).length, doc.pendingBytes());
        assertFalse(doc.hasClient(7));
        assertEquals(0, doc.clientCount());
    }

    @Test
    void deletions_of_a_client_never_seen_are_counted_as_pending() {
        List<byte[]> updates = typedThenDeleted(9);
        Doc doc = new Doc(1);
        Y.applyUpdate(doc, updates.get(2));
        // the update is "no structs" (one byte) followed by the delete set
        assertEquals(updates.get(2).length - 1, doc.pendingBytes());
    }

    @Test
    void pending_data_is_applied_and_no_longer_counted_once_its_predecessors_arrive() {
        List<byte[]> updates = typedThenDeleted(7);
        Doc doc = new Doc(1);
        Y.applyUpdate(doc, updates.get(2));
        Y.applyUpdate(doc, updates.get(1));
        Y.applyUpdate(doc, updates.get(0));
        assertEquals(0, doc.pendingBytes());
        assertEquals("b", doc.getText("t").toString());
        assertTrue(doc.hasClient(7));
        assertEquals(1, doc.clientCount());
    }

    @Test
    void dropping_pending_data_leaves_the_document_as_it_was() {
        List<byte[]> updates = typedThenDeleted(7);
        Doc doc = new Doc(1);
        doc.getText("t").insert(0, "x");
        byte[] before = Y.encodeStateAsUpdate(doc);
        Y.applyUpdate(doc, updates.get(1));
        Y.applyUpdate(doc, typedThenDeleted(9).get(2));
        assertTrue(doc.pendingBytes() > 0);

        doc.dropPending();

        assertEquals(0, doc.pendingBytes());
        assertArrayEquals(before, Y.encodeStateAsUpdate(doc));
        assertEquals("x", doc.getText("t").toString());
    }

    @Test
    void pending_data_is_part_of_the_full_state_and_stays_within_its_count() {
        Doc doc = new Doc(1);
        byte[] empty = Y.encodeStateAsUpdate(doc);
        Y.applyUpdate(doc, typedThenDeleted(7).get(1));
        Y.applyUpdate(doc, typedThenDeleted(9).get(2));
        long state = Y.encodeStateAsUpdate(doc).length;
        assertTrue(state > empty.length);
        assertTrue(state <= empty.length + doc.pendingBytes(), state + " > " + empty.length + " + " + doc.pendingBytes());
    }

    @Test
    void pending_data_cannot_be_dropped_inside_a_transaction() {
        Doc doc = new Doc(1);
        assertThrows(IllegalStateException.class, () -> doc.transact(t -> doc.dropPending()));
    }

    @Test
    void the_clients_of_an_update_are_those_of_its_structs_and_of_its_deletions() {
        Doc a = new Doc(5);
        a.getText("t").insert(0, "abc");
        Doc b = new Doc(6);
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        b.getText("t").insert(0, "z");
        b.getText("t").delete(1, 1);
        byte[] deletionOnly = typedThenDeleted(9).get(2);

        assertEquals(Set.of(5L, 6L), Y.clientsOfUpdate(Y.encodeStateAsUpdate(b)));
        assertEquals(Set.of(9L), Y.clientsOfUpdate(deletionOnly));
        assertEquals(Set.of(), Y.clientsOfUpdate(new byte[] {0, 0}));
        assertThrows(UpdateDecodeException.class, () -> Y.clientsOfUpdate(new byte[] {1, 1}));
    }

    @Test
    void the_shape_of_an_update_counts_the_structs_it_would_integrate_beside_its_clients() {
        Doc a = new Doc(5);
        a.getText("t").insert(0, "abc");
        Doc b = new Doc(6);
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        // "z" before "abc", then "y" after "a": client 5's "abc" is split in two, client 6 has two items
        b.getText("t").insert(0, "z");
        b.getText("t").insert(2, "y");
        byte[] deletionOnly = typedThenDeleted(9).get(2);

        assertEquals(new UpdateShape(Set.of(5L, 6L), 4), Y.shapeOfUpdate(Y.encodeStateAsUpdate(b)));
        assertEquals(List.of(6L, 5L), List.copyOf(Y.shapeOfUpdate(Y.encodeStateAsUpdate(b)).clients()));
        assertEquals(new UpdateShape(Set.of(9L), 0), Y.shapeOfUpdate(deletionOnly));
        assertEquals(new UpdateShape(Set.of(), 0), Y.shapeOfUpdate(new byte[] {0, 0}));
        assertThrows(UpdateDecodeException.class, () -> Y.shapeOfUpdate(new byte[] {1, 1}));
    }
}
