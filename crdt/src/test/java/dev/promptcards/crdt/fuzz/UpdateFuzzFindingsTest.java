package dev.promptcards.crdt.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link UpdateFuzzTest} found, each input as the fuzzer minimized it (base64 as Jazzer printed it). */
class UpdateFuzzFindingsTest {

    private static byte[] base64(String text) {
        return Base64.getDecoder().decode(text);
    }

    /**
     * No structs; a delete set naming client 2 twice: [43, +1), then [0, +2). Each listing is sorted on
     * its own, so it was accepted and kept pending; the pending set, written back sorted by listing, was
     * refused by our own reader, and from then on every encodeStateAsUpdate of the document threw (a
     * room could no longer answer SyncStep1).
     */
    @Test
    void a_client_listed_twice_in_a_delete_set_with_earlier_ranges_is_refused() {
        byte[] update = base64("AAICASsBAgEAAg==");
        Doc doc = new Doc(1);
        byte[] before = Y.encodeStateAsUpdate(doc);

        UpdateDecodeException refused = assertThrows(UpdateDecodeException.class, () -> Y.applyUpdate(doc, update));

        assertEquals("malformed update: delete range at offset 8: [0, +2) of client 2 is empty, overlaps or"
                + " precedes the previous range, or ends beyond 2^53-1", refused.getMessage());
        assertArrayEquals(before, Y.encodeStateAsUpdate(doc));
        assertThrows(UpdateDecodeException.class, () -> Y.mergeUpdates(List.of(new byte[] {0, 0}, update)));
    }

    @Test
    void a_client_listed_twice_with_later_ranges_is_kept_pending_and_re_encodes() {
        // no structs; delete set: client 2 [0, +2), then client 2 again [43, +1)
        byte[] update = {0, 2, 2, 1, 0, 2, 2, 1, 43, 1};
        Doc doc = new Doc(1);

        Y.applyUpdate(doc, update);

        // what Yjs writes for that delete set: one listing, ranges in order
        assertArrayEquals(new byte[] {0, 1, 2, 2, 0, 2, 43, 1}, Y.encodeStateAsUpdate(doc));
    }
}
