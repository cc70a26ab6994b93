package dev.promptcards.server.e2e.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.testing.TestDatabase;
import dev.promptcards.server.e2e.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A corrupted log row or snapshot, written into the database while the server is stopped: that
 * card refuses to load (its clients are closed with 1011 and a reason, the server's log names the
 * card and the row), its stored bytes stay exactly as they were, and the other cards keep working.
 * The clients are persistence/corrupt-cards.mjs.
 */
class CorruptedCardTest {

    private static final String WORKSPACE = "corruption";
    private static final String LOG_CARD = "broken-log-row";
    private static final String SNAPSHOT_CARD = "broken-snapshot";
    private static final int COMPACT_AFTER_ROWS = 20;

    /** Not a Yjs update: 5 clients, then a client id whose varint never ends. */
    private static final byte[] GARBAGE = {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

    /** What a client of a card that cannot be loaded is told, with close code 1011. */
    private static final String CLOSE_REASON = "card cannot be loaded";

    @RegisterExtension static final TestDatabase database = new TestDatabase();

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    @Test
    void a_corrupted_card_refuses_to_load_keeps_its_bytes_and_leaves_the_others_working()
            throws Exception {
        StoredCards stored = new StoredCards(database.config());
        String[] storage = {"--db-url", StoredCards.serverUrl(database.config()),
                "--compact-after-rows", Integer.toString(COMPACT_AFTER_ROWS)};
        ServerProcess first = servers.start(storage);
        try (NodeScript script = NodeScript.start("corrupt-cards.mjs", Map.of(
                "SERVER_URL", first.httpBase(),
                "JWT_SECRET", servers.secret(),
                "WORKSPACE", WORKSPACE,
                "LOG_CARD", LOG_CARD,
                "SNAPSHOT_CARD", SNAPSHOT_CARD,
                "HEALTHY_CARD", "healthy",
                "LOG_CARD_EDITS", "8",
                "SNAPSHOT_CARD_EDITS", Integer.toString(4 * COMPACT_AFTER_ROWS)))) {
            servers.explainWith("corrupt-cards.mjs", script::output);
            script.await("seeded", Duration.ofSeconds(40));
            assertEquals(0, first.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");

            long logCard = stored.cardId(WORKSPACE, LOG_CARD);
            List<StoredCards.LogRow> rows = stored.logRows(logCard);
            assertTrue(rows.size() >= 5 && stored.snapshots(logCard).isEmpty(),
                    "the few edits of " + LOG_CARD + " are all in its log: " + rows);
            long brokenSeq = rows.get(rows.size() / 2).seq();
            stored.overwriteLogRow(logCard, brokenSeq, GARBAGE);

            long snapshotCard = stored.cardId(WORKSPACE, SNAPSHOT_CARD);
            List<StoredCards.Snapshot> snapshots = stored.snapshots(snapshotCard);
            assertEquals(1, snapshots.size(), "the many edits of " + SNAPSHOT_CARD + " were compacted");
            long brokenSnapshot = snapshots.getFirst().lastSeq();
            stored.overwriteSnapshot(snapshotCard, brokenSnapshot, GARBAGE);

            List<StoredCards.LogRow> logCardRows = stored.logRows(logCard);
            List<StoredCards.Snapshot> logCardSnapshots = stored.snapshots(logCard);
            List<StoredCards.LogRow> snapshotCardRows = stored.logRows(snapshotCard);
            List<StoredCards.Snapshot> snapshotCardSnapshots = stored.snapshots(snapshotCard);

            ServerProcess second = servers.start(storage);
            script.send("restarted " + second.httpBase());
            String closes = script.await("checked", Duration.ofSeconds(60));
            assertEquals(0, script.awaitExit(Duration.ofSeconds(10)), script.output());
            assertEquals(0, second.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");

            assertEquals(List.of(CLOSE_REASON, CLOSE_REASON), Pattern.compile("\"reason\":\"([^\"]*)\"")
                    .matcher(closes).results().map(match -> match.group(1)).toList(), closes);
            assertTrue(logNames(second.output(), LOG_CARD, "log row seq " + brokenSeq),
                    "a line of the server's log names " + LOG_CARD + " and its log row seq " + brokenSeq);
            assertTrue(logNames(second.output(), SNAPSHOT_CARD, "snapshot at seq " + brokenSnapshot),
                    "a line of the server's log names " + SNAPSHOT_CARD + " and its snapshot at seq "
                            + brokenSnapshot);

            assertEquals(logCardRows, stored.logRows(logCard), LOG_CARD + "'s log is as it was");
            assertEquals(logCardSnapshots, stored.snapshots(logCard), LOG_CARD + " has no snapshot");
            assertEquals(snapshotCardRows, stored.logRows(snapshotCard),
                    SNAPSHOT_CARD + "'s log is as it was");
            assertEquals(snapshotCardSnapshots, stored.snapshots(snapshotCard),
                    SNAPSHOT_CARD + "'s snapshot is as it was");
            assertArrayEquals(GARBAGE, stored.logRows(logCard).stream()
                    .filter(row -> row.seq() == brokenSeq).findFirst().orElseThrow().data(),
                    "the garbage is still there, byte for byte");
            System.out.println(script.output());
        }
    }

    /** Whether a line of {@code log} names the card and {@code row} (and not, say, row 10 for 1). */
    private static boolean logNames(String log, String card, String row) {
        Pattern rowPattern = Pattern.compile("\\b" + Pattern.quote(row) + "\\b");
        return log.lines().anyMatch(line -> line.contains(WORKSPACE + "/" + card)
                && rowPattern.matcher(line).find());
    }
}
