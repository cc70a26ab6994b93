package dev.promptcards.server.room;

import dev.promptcards.card.CardKey;
import static dev.promptcards.server.room.Frames.update;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import dev.promptcards.persistence.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoomConcurrencyTest {

    private static final int SENDERS = 8;
    private static final int EDITS_PER_SENDER = 150;
    private static final int LISTENERS = 3;

    @RegisterExtension
    static final TestDatabase DB = new TestDatabase();

    private final TestStorage storage = TestStorage.open(DB);
    private final RoomRegistry registry = new RoomRegistry(Limits.defaults(), new ServerMetrics(), storage.storage());

    @AfterEach
    void stop() {
        registry.close();
        storage.close();
    }

    private static String token(int sender, int edit) {
        return "<" + sender + ":" + edit + ">";
    }

    /** Whether the frame holds an edit of {@code sender} (its text "<sender:" is in the update as is). */
    private static boolean isFrom(byte[] frame, int sender) {
        return new String(frame, StandardCharsets.ISO_8859_1).contains("<" + sender + ":");
    }

    /** Where each frame that matches is in {@code reference}, by identity (-1: not there). */
    private static List<Integer> positions(List<byte[]> frames, List<byte[]> reference, Predicate<byte[]> filter) {
        Map<byte[], Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < reference.size(); i++) {
            index.put(reference.get(i), i);
        }
        return frames.stream().filter(filter).map(frame -> index.getOrDefault(frame, -1)).toList();
    }

    @Test
    void many_senders_into_one_room_every_connection_gets_every_update_once_and_whole_listeners_in_one_order()
            throws InterruptedException {
        Room room = registry.acquire(new CardKey("load", "one-card"));
        List<RecordingConnection> connections = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            connections.add(RecordingConnection.editor("sender-" + i));
        }
        for (int i = 0; i < LISTENERS; i++) {
            connections.add(RecordingConnection.viewer("listener-" + i));
        }
        connections.forEach(room::join);
        await().until(() -> connections.stream().allMatch(c -> c.frameCount() == 1));

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            RecordingConnection connection = connections.get(sender);
            threads.add(Thread.ofPlatform().name("sender-" + sender).start(() -> {
                Doc doc = new Doc(1000 + sender);
                doc.onUpdate((u, origin, transaction) -> room.receive(connection, update(u)));
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int e = 0; e < EDITS_PER_SENDER; e++) {
                    // each edit is its own transaction, so its own update and its own frame
                    doc.getText("template").insert(doc.getText("template").length(), token(sender, e));
                }
            }));
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        int total = SENDERS * EDITS_PER_SENDER;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> connections.stream().allMatch(c -> c.frameCount() == 1 + total));
        room.withDoc(doc -> null).join();

        // the room's order is what the listeners (who send nothing, so wait for no echo) got
        List<byte[]> reference = connections.get(SENDERS).framesAfter(1);
        assertEquals(total, reference.size());
        for (int c = 0; c < connections.size(); c++) {
            RecordingConnection connection = connections.get(c);
            List<byte[]> frames = connection.framesAfter(1);
            assertEquals(total, frames.size(), connection.id());
            if (c >= SENDERS) {
                for (int i = 0; i < total; i++) {
                    // encoded once: every listener got the very same array, in the same order
                    assertSame(reference.get(i), frames.get(i), connection.id() + " frame " + i);
                }
            } else {
                // a sender's own echoes come once stored, so maybe later than the room's order; the
                // others' updates and its own echoes each keep the room's order
                int sender = c;
                assertEquals(positions(reference, reference, frame -> isFrom(frame, sender)),
                        positions(frames, reference, frame -> isFrom(frame, sender)), connection.id());
                assertEquals(positions(reference, reference, frame -> !isFrom(frame, sender)),
                        positions(frames, reference, frame -> !isFrom(frame, sender)), connection.id());
            }
        }
        Doc replica = new Doc(1);
        for (byte[] frame : reference) {
            List<Message> messages = Message.decodeAll(frame);
            assertEquals(1, messages.size());
            Message.Sync sync = (Message.Sync) messages.get(0);
            assertTrue(sync.message() instanceof SyncMessage.Update, sync.toString());
            Y.applyUpdate(replica, sync.message().payload());
        }
        String served = room.withDoc(doc -> doc.getText("template").toString()).join();
        String replicated = replica.getText("template").toString();
        assertEquals(served, replicated);
        int expectedLength = 0;
        for (int s = 0; s < SENDERS; s++) {
            StringBuilder edits = new StringBuilder();
            for (int e = 0; e < EDITS_PER_SENDER; e++) {
                edits.append(token(s, e));
                expectedLength += token(s, e).length();
            }
            // each sender appended to its own text only, so its edits stay together and in order
            assertTrue(served.contains(edits), "sender " + s + " edits missing or split");
        }
        assertEquals(expectedLength, served.length());
        for (RecordingConnection connection : connections) {
            assertEquals(List.of(), connection.closes(), connection.id());
        }
    }
}
