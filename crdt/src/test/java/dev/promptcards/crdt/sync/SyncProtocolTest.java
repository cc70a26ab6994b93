package dev.promptcards.crdt.sync;

import static dev.promptcards.crdt.sync.Frames.bytes;
import static dev.promptcards.crdt.sync.Frames.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.UpdateDecodeException;
import dev.promptcards.crdt.Y;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * y-protocols sync behaviour on a Doc: golden handshake bytes (checked against y-protocols 1.0.7 with
 * yjs 13.6.33 under Node), a two-Doc handshake through the codec, read-only peers and bad input.
 */
class SyncProtocolTest {

    private static final String HI_UPDATE = "1, 1, 1, 0, 4, 1, 1, 116, 2, 104, 105, 0";

    private static Doc docWithHi() {
        Doc doc = new Doc(1);
        doc.getText("t").insert(0, "hi");
        return doc;
    }

    // ---- golden bytes ----

    @Test
    void sync_step1_of_an_empty_doc_is_0_0_1_0() {
        assertEquals("[0, 0, 1, 0]", show(Message.encode(SyncProtocol.syncStep1(new Doc()))));
    }

    @Test
    void sync_step1_carries_the_doc_state_vector() {
        // state vector {1: 2}: client 1 has written clocks 0 and 1
        assertEquals("[0, 0, 3, 1, 1, 2]", show(Message.encode(SyncProtocol.syncStep1(docWithHi()))));
    }

    @Test
    void sync_step1_is_answered_with_the_whole_doc_when_the_peer_has_nothing() {
        Optional<Message> reply = SyncProtocol.handle(docWithHi(), new SyncMessage.SyncStep1(bytes(0)), null, false);
        assertEquals("[0, 1, 12, " + HI_UPDATE + "]", show(Message.encode(reply.orElseThrow())));
    }

    @Test
    void sync_step2_of_an_empty_doc_is_0_1_2_0_0() {
        Optional<Message> reply = SyncProtocol.handle(new Doc(), new SyncMessage.SyncStep1(bytes(0)), null, false);
        assertEquals("[0, 1, 2, 0, 0]", show(Message.encode(reply.orElseThrow())));
    }

    @Test
    void sync_step1_is_answered_with_only_what_the_peer_lacks() {
        Doc doc = docWithHi();
        byte[] stateVector = Y.encodeStateVector(doc);
        doc.getText("t").insert(2, "!");
        Message reply = SyncProtocol.handle(doc, new SyncMessage.SyncStep1(stateVector), null, false).orElseThrow();
        // one struct of client 1 from clock 2: info 132 (ContentString with a left origin), origin (1, 1), "!"
        assertEquals("[0, 1, 10, 1, 1, 1, 2, 132, 1, 1, 1, 33, 0]", show(Message.encode(reply)));
        assertEquals(reply, SyncProtocol.syncStep2(doc, stateVector));
    }

    @Test
    void local_changes_go_out_as_update_messages() {
        Doc doc = new Doc(1);
        List<byte[]> frames = new ArrayList<>();
        doc.onUpdate((update, origin, transaction) -> frames.add(Message.encode(Message.update(update))));
        doc.getText("t").insert(0, "hi");
        assertEquals(1, frames.size());
        assertEquals("[0, 2, 12, " + HI_UPDATE + "]", show(frames.get(0)));
    }

    // ---- applying ----

    @Test
    void sync_step2_and_update_are_applied_with_the_given_origin_and_need_no_reply() {
        for (SyncMessage message : List.of(
                new SyncMessage.SyncStep2(Y.encodeStateAsUpdate(docWithHi())),
                new SyncMessage.Update(Y.encodeStateAsUpdate(docWithHi())))) {
            Doc doc = new Doc(2);
            Object connection = new Object();
            List<Object> origins = new ArrayList<>();
            doc.onUpdate((update, origin, transaction) -> origins.add(origin));
            assertEquals(Optional.empty(), SyncProtocol.handle(doc, message, connection, false));
            assertEquals("hi", doc.getText("t").toString());
            assertEquals(1, origins.size());
            assertSame(connection, origins.get(0));
        }
    }

    @Test
    void malformed_update_throws_and_leaves_the_doc_unchanged() {
        Doc doc = docWithHi();
        byte[] before = Y.encodeStateAsUpdate(doc);
        assertThrows(UpdateDecodeException.class,
                () -> SyncProtocol.handle(doc, new SyncMessage.Update(bytes(1, 1)), null, false));
        assertThrows(UpdateDecodeException.class,
                () -> SyncProtocol.handle(doc, new SyncMessage.SyncStep2(bytes(1)), null, false));
        assertEquals(show(before), show(Y.encodeStateAsUpdate(doc)));
        assertEquals("hi", doc.getText("t").toString());
    }

    @Test
    void malformed_state_vector_in_sync_step1_throws() {
        assertThrows(UpdateDecodeException.class,
                () -> SyncProtocol.handle(docWithHi(), new SyncMessage.SyncStep1(bytes(5, 1)), null, false));
    }

    // ---- read-only peers ----

    @Test
    void read_only_peer_changes_nothing_but_still_gets_sync_step2() {
        Doc server = new Doc(2);
        server.getText("t").insert(0, "server");
        byte[] before = Y.encodeStateAsUpdate(server);
        List<byte[]> emitted = new ArrayList<>();
        server.onUpdate((update, origin, transaction) -> emitted.add(update));

        Doc client = docWithHi();
        byte[] frame = Message.encode(List.of(
                SyncProtocol.syncStep1(client),
                Message.syncStep2(Y.encodeStateAsUpdate(client)),
                Message.update(Y.encodeStateAsUpdate(client))));
        List<Message> replies = new ArrayList<>();
        for (Message message : Message.decodeAll(frame)) {
            if (message instanceof Message.Sync sync) {
                SyncProtocol.handle(server, sync.message(), "client", true).ifPresent(replies::add);
            }
        }

        assertEquals(List.of(SyncProtocol.syncStep2(server, Y.encodeStateVector(client))), replies);
        assertEquals(show(before), show(Y.encodeStateAsUpdate(server)));
        assertEquals("server", server.getText("t").toString());
        assertEquals(List.of(), emitted);
    }

    // ---- a two-Doc handshake through the codec ----

    /** One side of a connection: receives frames, answers through the codec, forwards its own updates. */
    private static final class Peer {
        final Doc doc;
        final Deque<byte[]> inbox = new ArrayDeque<>();
        Peer remote;

        Peer(Doc doc) {
            this.doc = doc;
            // y-websocket sends every update except those that came from the connection itself
            doc.onUpdate((update, origin, transaction) -> {
                if (origin != remote) {
                    remote.inbox.add(Message.encode(Message.update(update)));
                }
            });
        }

        void connect() {
            remote.inbox.add(Message.encode(SyncProtocol.syncStep1(doc)));
        }

        /** Handles one frame; all replies to it go back in one frame. */
        void receive(byte[] frame) {
            List<Message> replies = new ArrayList<>();
            for (Message message : Message.decodeAll(frame)) {
                if (message instanceof Message.Sync sync) {
                    SyncProtocol.handle(doc, sync.message(), remote, false).ifPresent(replies::add);
                }
            }
            if (!replies.isEmpty()) {
                remote.inbox.add(Message.encode(replies));
            }
        }
    }

    private static void deliverAll(Peer a, Peer b) {
        while (!a.inbox.isEmpty() || !b.inbox.isEmpty()) {
            if (!a.inbox.isEmpty()) {
                a.receive(a.inbox.poll());
            }
            if (!b.inbox.isEmpty()) {
                b.receive(b.inbox.poll());
            }
        }
    }

    private static void assertConverged(Peer a, Peer b, String text) {
        assertEquals(text, a.doc.getText("t").toString());
        assertEquals(text, b.doc.getText("t").toString());
        assertEquals(show(Y.encodeStateVector(a.doc)), show(Y.encodeStateVector(b.doc)));
        assertEquals(show(Y.encodeStateAsUpdate(a.doc)), show(Y.encodeStateAsUpdate(b.doc)));
    }

    @Test
    void two_docs_converge_through_the_handshake_and_then_updates() {
        Doc clientDoc = new Doc(1);
        clientDoc.getText("t").insert(0, "hello");
        Doc serverDoc = new Doc(2);
        serverDoc.getText("t").insert(0, "world");
        Peer client = new Peer(clientDoc);
        Peer server = new Peer(serverDoc);
        client.remote = server;
        server.remote = client;

        // both send SyncStep1 on connect; each answers the other's with SyncStep2
        server.connect();
        client.connect();
        deliverAll(client, server);
        // concurrent inserts at index 0 are ordered by client id: the lower one (1) comes first
        assertConverged(client, server, "helloworld");

        // after the handshake, changes travel as Update messages, also concurrent ones
        clientDoc.getText("t").insert(5, " ");
        serverDoc.getText("t").insert(10, "!");
        deliverAll(client, server);
        assertConverged(client, server, "hello world!");

        serverDoc.getText("t").delete(0, 6);
        deliverAll(client, server);
        assertConverged(client, server, "world!");
    }

    @Test
    void handshake_bytes_between_an_empty_server_and_a_client_with_hi() {
        Doc server = new Doc(2);
        Doc client = docWithHi();
        // server -> client on connect
        byte[] serverHello = Message.encode(SyncProtocol.syncStep1(server));
        assertEquals("[0, 0, 1, 0]", show(serverHello));
        // client -> server: its own SyncStep1 and the SyncStep2 answering the server's, in one frame
        List<Message> clientFrame = new ArrayList<>();
        clientFrame.add(SyncProtocol.syncStep1(client));
        for (Message message : Message.decodeAll(serverHello)) {
            SyncProtocol.handle(client, ((Message.Sync) message).message(), "server", false)
                    .ifPresent(clientFrame::add);
        }
        byte[] frame = Message.encode(clientFrame);
        assertEquals("[0, 0, 3, 1, 1, 2, 0, 1, 12, " + HI_UPDATE + "]", show(frame));
        // server handles both: answers the SyncStep1 with an empty update, applies the SyncStep2
        List<Message> serverReplies = new ArrayList<>();
        for (Message message : Message.decodeAll(frame)) {
            SyncProtocol.handle(server, ((Message.Sync) message).message(), "client", false)
                    .ifPresent(serverReplies::add);
        }
        assertEquals("[0, 1, 2, 0, 0]", show(Message.encode(serverReplies)));
        assertEquals("hi", server.getText("t").toString());
        assertTrue(Message.decodeAll(Message.encode(serverReplies)).get(0) instanceof Message.Sync);
    }
}
