package dev.promptcards.server.e2e.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.server.e2e.ServerProcess;
import dev.promptcards.server.net.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 3, against a real {@code serve}: updates in which thousands of clients insert at one position
 * cost the product of the new and the present clients to integrate (as in Yjs). They are bounded per update and
 * per card ({@code --max-update-clients}, {@code --max-card-clients}) and applied off the network threads, so
 * other cards and /healthz keep answering while they run, and SIGTERM still stops the server.
 */
class CpuAttackTest {

    private static final int PER_UPDATE = 1_000;
    private static final int PER_CARD = 4_000;

    private static byte[] base() {
        Doc doc = new Doc(1);
        doc.getText("template").insert(0, "x");
        return Y.encodeStateAsUpdate(doc);
    }

    /**
     * One update in which clients {@code first} to {@code first + count - 1} each insert a letter right after
     * the "x" of {@link #base()}; built highest client first, which integrates in linear time.
     */
    private static byte[] samePosition(byte[] base, long first, int count) {
        Doc stage = new Doc(2);
        Y.applyUpdate(stage, base);
        byte[] before = Y.encodeStateVector(stage);
        for (long client = first + count - 1; client >= first; client--) {
            Doc doc = new Doc(client);
            Y.applyUpdate(doc, base);
            doc.getText("template").insert(1, "a");
            Y.applyUpdate(stage, Y.encodeStateAsUpdate(doc, before));
        }
        return Y.encodeStateAsUpdate(stage, before);
    }

    @Test
    void many_clients_at_one_position_are_bounded_and_do_not_hold_up_other_cards_or_the_health_check(@TempDir Path dir)
            throws Exception {
        UpdateAttackKit kit = new UpdateAttackKit();
        byte[] base = base();
        // each batch's clients above the previous ones: every new insert scans all those before it
        byte[][] batches = new byte[PER_CARD / PER_UPDATE][];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = samePosition(base, 10_000 + (long) i * PER_UPDATE, PER_UPDATE);
        }
        byte[] tooManyForTheCard = samePosition(base, 100_000, 20);
        byte[] tooManyForOneUpdate = samePosition(base, 200_000, PER_UPDATE + 1);
        try (ServerProcess server = ServerProcess.start(dir, Map.of(), "--port", "0", "--jwt-secret", kit.secret(),
                "--max-update-clients", Integer.toString(PER_UPDATE),
                "--max-card-clients", Integer.toString(PER_CARD + 10), "--data-dir", dir.resolve("data").toString())) {
            server.awaitHealthy();
            WsClient sameCard = kit.join(server, "target", "bystander");
            WsClient otherCard = kit.join(server, "elsewhere", "other");
            long heapBefore = HeapProbe.liveHeapBytes(server.pid());

            WsClient attacker = kit.join(server, "target", "attacker");
            attacker.send(UpdateAttackKit.frame(base));
            for (byte[] batch : batches) {
                attacker.send(UpdateAttackKit.frame(batch));
            }
            // while the batches integrate: the other card, and the health check, answer at once
            for (int i = 0; i < 5; i++) {
                kit.healthzWithinOneSecond(server);
                UpdateAttackKit.editEchoes(otherCard, 20 + i, "typing " + i);
            }
            UpdateAttackKit.editEchoes(sameCard, 30, "after the batches");
            attacker.send(UpdateAttackKit.frame(tooManyForTheCard));
            assertEquals(new WsClient.Closed(4413, "too many client ids in the card"), attacker.closed());

            WsClient second = kit.join(server, "target", "attacker");
            second.send(UpdateAttackKit.frame(tooManyForOneUpdate));
            assertEquals(new WsClient.Closed(4413, "too many client ids in one update"), second.closed());

            assertTrue(server.metric("promptcards_updates_offloaded_total") >= batches.length);
            UpdateAttackKit.editEchoes(sameCard, 31, "still here");
            long heapAfter = HeapProbe.liveHeapBytes(server.pid());
            assertTrue(heapAfter - heapBefore < 64L * 1024 * 1024, heapBefore + " -> " + heapAfter);

            // SIGTERM while another costly update is being applied
            WsClient third = kit.join(server, "elsewhere", "attacker");
            third.send(UpdateAttackKit.frame(base));
            for (byte[] batch : batches) {
                third.send(UpdateAttackKit.frame(batch));
            }
            assertEquals(0, server.terminate(Duration.ofSeconds(30)), server.output());
        }
    }
}
