package dev.promptcards.loadtests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What a receiver of the bench counts in an update: each inserted character's (client, clock). */
class UpdateClocksTest {

    private static List<String> clocks(byte[] update) {
        List<String> out = new ArrayList<>();
        UpdateClocks.read(update, (client, clock) -> out.add(client + ":" + clock));
        return out;
    }

    @Test
    void an_update_of_one_typed_character_holds_its_clients_clock() {
        Doc doc = new Doc(7);
        YText text = doc.getText("template");
        List<byte[]> updates = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> updates.add(update));
        text.insert(0, "x");
        text.insert(1, "x");
        assertEquals(List.of("7:0"), clocks(updates.get(0)));
        assertEquals(List.of("7:1"), clocks(updates.get(1)));
    }

    @Test
    void a_diff_of_several_clients_merged_runs_holds_every_clock_once() {
        Doc a = new Doc(7);
        Doc b = new Doc(9);
        a.getText("template").insert(0, "xxx");
        b.getText("template").insert(0, "yy");
        Doc server = new Doc(1);
        Y.applyUpdate(server, Y.encodeStateAsUpdate(a));
        Y.applyUpdate(server, Y.encodeStateAsUpdate(b));
        // what the server sends a node that has a's first character and nothing of b's
        byte[] diff = Y.encodeStateAsUpdate(server, Y.encodeStateVector(Map.of(7L, 1L)));
        assertEquals(new TreeSet<>(List.of("7:1", "7:2", "9:0", "9:1")), new TreeSet<>(clocks(diff)));
        assertEquals(4, clocks(diff).size());
    }

    @Test
    void deleted_content_is_not_counted() {
        Doc doc = new Doc(7);
        YText text = doc.getText("template");
        text.insert(0, "abc");
        text.delete(1, 1);
        assertEquals(List.of("7:0", "7:2"), clocks(Y.encodeStateAsUpdate(doc)));
    }

    @Test
    void bytes_that_are_not_an_update_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> UpdateClocks.read(new byte[] {5, 1}, (c, k) -> {}));
    }
}
