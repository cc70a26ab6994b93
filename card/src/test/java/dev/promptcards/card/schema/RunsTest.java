package dev.promptcards.card.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.YMap;
import dev.promptcards.crdt.YText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunsTest {

    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    private final Doc doc = new Doc();
    private final CardDocument card = CardDocument.of(doc);
    private final List<Object> origins = new ArrayList<>();
    private final List<byte[]> updates = new ArrayList<>();

    RunsTest() {
        doc.onUpdate((update, origin, transaction) -> {
            updates.add(update);
            origins.add(origin);
        });
    }

    @Test
    void a_run_is_created_whole_and_queued_in_one_update() {
        Runs.create(card, "r1", new RunStart("echo", "echo-1", "ada", NOON, new byte[] {1, 2, 3}));

        assertEquals(1, updates.size());
        assertEquals(Optional.of(new Run("r1", "queued", "echo", "echo-1", "ada", "2026-12-07T12:00:00.000Z", null,
                "AQID", null, Map.of(), "")), Runs.read(card, "r1"));
    }

    @Test
    void output_streams_token_by_token_one_update_each_to_another_replica() {
        Runs.create(card, "r1", new RunStart("echo", "echo-1", "ada", NOON, new byte[0]));
        Runs.addResult(card, "r1", "t1", RunStatus.RUNNING);
        Doc replica = new Doc();
        Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
        updates.clear();

        for (String token : List.of("Hel", "lo", " wor", "ld")) {
            assertTrue(Runs.appendOutput(card, "r1", "t1", token));
        }

        assertEquals(4, updates.size());
        updates.forEach(update -> Y.applyUpdate(replica, update));
        TestResult result = Runs.read(CardDocument.of(replica), "r1").orElseThrow().results().get("t1");
        assertEquals(new TestResult("running", "Hello world", "", null, null, List.of(), null, null, null, null), result);
        YMap stored = (YMap) ((YMap) ((YMap) card.runs().get("r1")).get(CardFields.Run.RESULTS)).get("t1");
        assertTrue(stored.get(CardFields.Result.OUTPUT) instanceof YText);
    }

    @Test
    void a_finished_result_and_run_carry_their_figures_and_keep_what_the_outcome_leaves_out() {
        Runs.create(card, "r1", new RunStart("echo", "echo-1", "ada", NOON, new byte[0]));
        Runs.addResult(card, "r1", "t1", RunStatus.QUEUED);
        Runs.finishResult(card, "r1", "t1", new ResultOutcome(RunStatus.RUNNING, null, null, null, 10L, null, null,
                null, null));

        Runs.finishResult(card, "r1", "t1", new ResultOutcome(RunStatus.FAILED, false, 0.25,
                List.of(new AssertionResult("contains", false, 0.0, "not found")), null, 5L, 2L, 0.001, null));
        Runs.finish(card, "r1", RunStatus.FAILED, NOON.plusMillis(1500), new RunSummary(0, 1, 0, 5, 2, 0.001, 10L));

        Run run = Runs.read(card, "r1").orElseThrow();
        assertEquals("failed", run.status());
        assertEquals("2026-12-07T12:00:01.500Z", run.finishedAt());
        assertEquals(new RunSummary(0, 1, 0, 5, 2, 0.001, 10L), run.summary());
        assertEquals(new TestResult("failed", "", "", false, 0.25,
                List.of(new AssertionResult("contains", false, 0.0, "not found")), 10L, 5L, 2L, 0.001),
                run.results().get("t1"));
        Object summary = ((YMap) card.runs().get("r1")).get(CardFields.Run.SUMMARY);
        assertTrue(summary instanceof Map<?, ?>, "the summary is a plain object, not a Y.Map");
    }

    @Test
    void writers_report_a_run_or_result_that_is_not_there() {
        Runs.create(card, "r1", new RunStart("echo", "echo-1", "ada", NOON, new byte[0]));
        updates.clear();

        assertFalse(Runs.setStatus(card, "gone", RunStatus.RUNNING));
        assertFalse(Runs.addResult(card, "gone", "t1", RunStatus.QUEUED));
        assertFalse(Runs.appendOutput(card, "r1", "t1", "x"));
        assertFalse(Runs.setResultStatus(card, "r1", "t1", RunStatus.RUNNING));
        assertFalse(Runs.finishResult(card, "r1", "t1", ResultOutcome.error("boom")));
        assertFalse(Runs.finish(card, "gone", RunStatus.ERROR, NOON, new RunSummary(0, 0, 0, 0, 0, null, null)));
        assertFalse(Runs.remove(card, "gone"));
        assertEquals(0, updates.size());

        assertTrue(Runs.remove(card, "r1"));
        assertEquals(Optional.empty(), Runs.read(card, "r1"));
    }

    @Test
    void writers_join_the_callers_transaction_and_its_origin() {
        doc.transact(tr -> {
            Runs.create(card, "r1", new RunStart("echo", "echo-1", "ada", NOON, new byte[0]));
            Runs.setStatus(card, "r1", RunStatus.RUNNING);
            Runs.addResult(card, "r1", "t1", RunStatus.RUNNING);
            Runs.appendOutput(card, "r1", "t1", "hi");
        }, "runner");

        assertEquals(List.of("runner"), origins);
        assertEquals("hi", Runs.read(card, "r1").orElseThrow().results().get("t1").output());
    }

    @Test
    void runs_read_newest_first_by_their_start() {
        Runs.create(card, "noon", new RunStart("echo", "e", "a", NOON, new byte[0]));
        Runs.create(card, "later", new RunStart("echo", "e", "a", NOON.plusMillis(1), new byte[0]));
        Runs.create(card, "earlier", new RunStart("echo", "e", "a", NOON.minusSeconds(60), new byte[0]));

        assertEquals(List.of("later", "noon", "earlier"), Runs.readAll(card).stream().map(Run::id).toList());
    }

    @Test
    void timestamps_always_carry_milliseconds_so_that_they_sort_as_strings() {
        assertEquals("2026-12-07T12:00:00.000Z", Runs.timestamp(NOON));
        assertEquals("2026-12-07T12:00:00.123Z", Runs.timestamp(Instant.parse("2026-12-07T12:00:00.123999Z")));
    }

    @Test
    void statuses_are_stored_in_lower_case() {
        assertEquals("cancelled", RunStatus.CANCELLED.value());
        assertEquals(Optional.of(RunStatus.ERROR), RunStatus.parse("error"));
        assertEquals(Optional.empty(), RunStatus.parse("ERROR"));
        assertTrue(RunStatus.PASSED.isFinal());
        assertFalse(RunStatus.RUNNING.isFinal());
    }
}
