package dev.promptcards.crdt.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolTest {

    private static final Message DENIED = Message.permissionDenied("read-only");

    /** A peer that records the awareness messages and the origins of the applied updates. */
    private static final class Peer implements Protocol {
        final Doc doc = new Doc();
        final boolean mayWrite;
        final List<String> calls = new ArrayList<>();
        final List<Object> origins = new ArrayList<>();

        Peer(boolean mayWrite) {
            this.mayWrite = mayWrite;
            doc.onUpdate((update, origin, transaction) -> origins.add(origin));
        }

        @Override
        public Doc doc() {
            return doc;
        }

        @Override
        public boolean mayWrite() {
            return mayWrite;
        }

        @Override
        public Object origin() {
            return "peer";
        }

        @Override
        public Optional<Message> denied(byte[] update) {
            calls.add("denied");
            return Optional.of(DENIED);
        }

        @Override
        public Optional<Message> handleAwareness(byte[] update) {
            calls.add("awareness " + update.length);
            return Optional.empty();
        }

        @Override
        public Optional<Message> handleQueryAwareness() {
            calls.add("query");
            return Optional.of(new Message.Awareness(new byte[] {0}));
        }
    }

    private static byte[] typed(String text) {
        Doc doc = new Doc(5);
        doc.getText("template").insert(0, text);
        return Y.encodeStateAsUpdate(doc);
    }

    @Test
    void a_writer_has_its_updates_and_sync_step_2_applied_with_its_origin() {
        Peer peer = new Peer(true);

        assertEquals(Optional.empty(), peer.handle(Message.update(typed("a"))));
        assertEquals(Optional.empty(), peer.handle(Message.syncStep2(typed("ab"))));

        assertEquals("ab", peer.doc.getText("template").toString());
        assertEquals(List.of("peer", "peer"), peer.origins);
        assertEquals(List.of(), peer.calls);
    }

    @Test
    void a_read_only_peer_changes_nothing_and_gets_the_denial() {
        Peer peer = new Peer(false);

        assertSame(DENIED, peer.handle(Message.update(typed("a"))).orElseThrow());
        assertSame(DENIED, peer.handle(Message.syncStep2(typed("a"))).orElseThrow());

        assertEquals("", peer.doc.getText("template").toString());
        assertEquals(List.of("denied", "denied"), peer.calls);
    }

    @Test
    void sync_step_1_is_answered_with_what_the_peer_lacks_also_for_a_read_only_peer() {
        Peer peer = new Peer(false);
        Y.applyUpdate(peer.doc, typed("known"));

        Message reply = peer.handle(Message.syncStep1(Y.encodeStateVector(new Doc()))).orElseThrow();

        Doc replica = new Doc();
        Y.applyUpdate(replica, ((SyncMessage.SyncStep2) ((Message.Sync) reply).message()).update());
        assertEquals("known", replica.getText("template").toString());
    }

    @Test
    void awareness_query_and_auth_go_to_their_own_methods() {
        Peer peer = new Peer(true);

        peer.handle(new Message.Awareness(new byte[] {1, 2, 3}));
        Optional<Message> states = peer.handle(new Message.QueryAwareness());
        Optional<Message> auth = peer.handle(Message.permissionDenied("ignored"));

        assertEquals(List.of("awareness 3", "query"), peer.calls);
        assertEquals(Optional.of(new Message.Awareness(new byte[] {0})), states);
        assertEquals(Optional.empty(), auth);
    }
}
