package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.promptcards.persistence.runs.RunFixtures.T0;
import static dev.promptcards.persistence.runs.RunFixtures.newRun;
import static dev.promptcards.persistence.runs.RunFixtures.passed;
import static dev.promptcards.persistence.runs.RunFixtures.running;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What RunStore writes reads back exactly: runs, results, summaries, cancels, listings. */
class RunStoreRecordsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static CardStore cards;
    private static RunStore runs;

    @BeforeAll
    static void open() {
        database = db.open();
        cards = new CardStore(database.dsl());
        runs = new RunStore(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void noRunWaits() {
        RunFixtures.endAllRuns(database.dsl());
    }

    @Test
    void every_field_of_a_run_and_its_results_round_trips() {
        CardRef card = cards.create("ws-round", "trip", "alice");
        byte[] stateVector = {1, 0, (byte) 0xff, 42};
        String plan = "{\"tests\":[{\"id\":\"t1\",\"prompt\":\"ünï ✓ \uD83D\uDE00\"}],\"empty\":null}";
        runs.insert(new NewRun("run-rt", card.id(), "anthropic", "claude-sonnet-4", "bob", T0, stateVector, plan));

        assertEquals(Optional.of(new Run("run-rt", "queued", "anthropic", "claude-sonnet-4", "bob",
                        "2026-03-01T10:15:30.123Z", null, Base64.getEncoder().encodeToString(stateVector), null,
                        Map.of(), "")),
                runs.get(card.id(), "run-rt"));

        ClaimedRun claimed = runs.claim("node-a", Duration.ofMinutes(1)).orElseThrow();
        assertEquals("run-rt", claimed.id());
        assertEquals(card, claimed.card());
        assertEquals("anthropic", claimed.provider());
        assertEquals("claude-sonnet-4", claimed.model());
        assertEquals("bob", claimed.by());
        assertEquals(Instant.parse("2026-03-01T10:15:30.123456Z"), claimed.createdAt());
        assertArrayEquals(stateVector, claimed.stateVector());
        assertEquals(plan, claimed.planJson());
        assertEquals(Map.of(), claimed.savedResults());
        assertFalse(claimed.resumed());
        assertEquals(1, claimed.claims());
        assertEquals("running", runs.get(card.id(), "run-rt").orElseThrow().status());

        TestResult full = passed("Paris is the capital of France.\nÜ ✓ \uD83D\uDE00");
        TestResult absent = new TestResult("error", "", "the template needs {{city}}: add it to the test's vars",
                null, null, List.of(), null, null, null, null);
        TestResult zeros = new TestResult("failed", "no", "", false, 0.0,
                List.of(new AssertionResult("equals", false, 0.0, "")), 0L, 0L, 0L, 0.0);
        runs.saveResult("run-rt", "t1", full);
        runs.saveResult("run-rt", "t2#1", absent);
        runs.saveResult("run-rt", "t2#2", zeros);
        RunSummary summary = new RunSummary(1, 1, 1, 12, 34, 0.000_123, 1234L);
        assertTrue(runs.finish("run-rt", RunStatus.FAILED, Instant.parse("2026-03-01T10:16:00.987654321Z"),
                summary, ""));

        Run stored = runs.get(card.id(), "run-rt").orElseThrow();
        Map<String, TestResult> results = new LinkedHashMap<>();
        results.put("t1", full);
        results.put("t2#1", absent);
        results.put("t2#2", zeros);
        assertEquals(new Run("run-rt", "failed", "anthropic", "claude-sonnet-4", "bob", "2026-03-01T10:15:30.123Z",
                "2026-03-01T10:16:00.987Z", Base64.getEncoder().encodeToString(stateVector), summary, results, ""),
                stored);
        assertEquals(List.of("t1", "t2#1", "t2#2"), List.copyOf(stored.results().keySet()));
    }

    @Test
    void a_summary_without_cost_and_latency_and_a_run_error_round_trip() {
        CardRef card = cards.create("ws-round", "errors", "alice");
        runs.insert(newRun("run-err", card.id(), T0));
        RunSummary summary = new RunSummary(0, 0, 2, 0, 0, null, null);
        assertTrue(runs.finish("run-err", RunStatus.ERROR, T0.plusSeconds(5), summary,
                "provider openai needs an API key: set OPENAI_API_KEY in the server's environment"));
        runs.insert(newRun("run-bare", card.id(), T0.plusSeconds(1)));
        assertTrue(runs.finish("run-bare", RunStatus.CANCELLED, T0.plusSeconds(6), null, null));

        Run failed = runs.get(card.id(), "run-err").orElseThrow();
        assertEquals(summary, failed.summary());
        assertEquals("provider openai needs an API key: set OPENAI_API_KEY in the server's environment",
                failed.error());
        assertEquals("2026-03-01T10:15:35.123Z", failed.finishedAt());
        Run bare = runs.get(card.id(), "run-bare").orElseThrow();
        assertEquals(null, bare.summary());
        assertEquals("", bare.error());
        assertEquals("cancelled", bare.status());
    }

    @Test
    void a_saved_result_is_replaced_and_keeps_its_place() {
        CardRef card = cards.create("ws-save", "card", "alice");
        runs.insert(newRun("run-save", card.id(), T0));
        runs.saveResult("run-save", "t1", running("Par"));
        runs.saveResult("run-save", "t2", running(""));
        runs.saveResult("run-save", "t1", passed("Paris"));
        runs.saveResult("run-save", "t0", running("first saved last"));

        Map<String, TestResult> results = runs.get(card.id(), "run-save").orElseThrow().results();
        assertEquals(List.of("t1", "t2", "t0"), List.copyOf(results.keySet()));
        assertEquals(passed("Paris"), results.get("t1"));
        assertEquals(running(""), results.get("t2"));
    }

    @Test
    void null_strings_and_assertions_of_a_result_are_stored_as_the_document_reads_them() {
        CardRef card = cards.create("ws-save", "nulls", "alice");
        runs.insert(newRun("run-nulls", card.id(), T0));
        runs.saveResult("run-nulls", "t1", new TestResult("queued", null, null, null, null, null, null, null, null,
                null));

        assertEquals(new TestResult("queued", "", "", null, null, List.of(), null, null, null, null),
                runs.get(card.id(), "run-nulls").orElseThrow().results().get("t1"));
    }

    @Test
    void a_long_output_round_trips_and_the_listing_does_not_read_it() {
        CardRef card = cards.create("ws-long", "card", "alice");
        runs.insert(newRun("run-long", card.id(), T0));
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 6_000_000; i++) {
            text.append("line ").append(i).append(": ünï ✓ \uD83D\uDE00 ").append(Integer.toHexString(i * 7919))
                    .append('\n');
        }
        String output = text.toString();
        runs.saveResult("run-long", "t1", passed(output));

        assertEquals(output, runs.get(card.id(), "run-long").orElseThrow().results().get("t1").output());
        assertEquals(Map.of(), runs.list(card.id(), 10).get(0).results());
        // PostgreSQL keeps it compressed (TOAST): the row holds less than the text
        long bytes = output.getBytes(StandardCharsets.UTF_8).length;
        long stored = database.dsl().fetchSingle(
                "select pg_column_size(output)::bigint from test_results where run = 'run-long'").get(0, Long.class);
        assertTrue(stored < bytes / 2, stored + " bytes stored for " + bytes);
    }

    @Test
    void text_postgresql_cannot_hold_is_stored_with_replacement_characters() {
        CardRef card = cards.create("ws-nul", "card", "alice");
        runs.insert(new NewRun("run-nul", card.id(), "open\u0000ai", "gpt\uD800", "al\u0000ice", T0, new byte[0],
                "{\"x\":\"\uDC00\"}"));
        runs.saveResult("run-nul", "t1", new TestResult("error", "a\u0000b\uD83D\uDE00c\uDBFF", "bad\u0000",
                null, null, List.of(new AssertionResult("equals", false, null, "want \u0000")), null, null, null,
                null));
        runs.finish("run-nul", RunStatus.ERROR, T0, null, "the provider sent \u0000");

        Run run = runs.get(card.id(), "run-nul").orElseThrow();
        assertEquals("open\uFFFDai", run.provider());
        assertEquals("gpt\uFFFD", run.model());
        assertEquals("al\uFFFDice", run.by());
        assertEquals("the provider sent \uFFFD", run.error());
        TestResult result = run.results().get("t1");
        assertEquals("a\uFFFDb\uD83D\uDE00c\uFFFD", result.output());
        assertEquals("bad\uFFFD", result.error());
        assertEquals(List.of(new AssertionResult("equals", false, null, "want \u0000")), result.assertions());
        assertEquals("{\"x\":\"\uFFFD\"}", database.dsl().fetchSingle(
                "select plan from test_runs where id = 'run-nul'").get(0, String.class));

        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> runs.saveResult("run-nul", "t\u00001", running("")));
        assertEquals("result key 't\uFFFD1' holds a NUL character or a lone surrogate, which PostgreSQL cannot "
                + "store: use another result key", key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> newRun("run\uD800", card.id(), T0));
    }

    @Test
    void runs_are_listed_newest_first_up_to_the_limit() {
        CardRef card = cards.create("ws-list", "card", "alice");
        CardRef other = cards.create("ws-list", "other", "alice");
        runs.insert(newRun("r-2", card.id(), T0.plusSeconds(2)));
        runs.insert(newRun("r-4b", card.id(), T0.plusSeconds(4)));
        runs.insert(newRun("r-1", card.id(), T0.plusSeconds(1)));
        runs.insert(newRun("r-4a", card.id(), T0.plusSeconds(4)));
        runs.insert(newRun("r-3", card.id(), T0.plusSeconds(3)));
        runs.insert(newRun("r-other", other.id(), T0.plusSeconds(9)));
        runs.saveResult("r-4a", "t1", passed("kept out of the listing"));

        assertEquals(List.of("r-4a", "r-4b", "r-3"), runs.list(card.id(), 3).stream().map(Run::id).toList());
        List<Run> all = runs.list(card.id(), 100);
        assertEquals(List.of("r-4a", "r-4b", "r-3", "r-2", "r-1"), all.stream().map(Run::id).toList());
        assertEquals(new Run("r-4a", "queued", "openai", "gpt-4o-mini", "alice", "2026-03-01T10:15:34.123Z", null,
                Base64.getEncoder().encodeToString("sv-r-4a".getBytes(StandardCharsets.UTF_8)), null, Map.of(), ""),
                all.get(0));
        assertEquals(List.of("r-other"), runs.list(other.id(), 100).stream().map(Run::id).toList());
        assertEquals(List.of(), runs.list(-1, 100));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runs.list(card.id(), 0));
        assertEquals("limit 0 lists nothing: ask for at least 1 run", e.getMessage());
    }

    @Test
    void a_run_is_got_only_through_its_card() {
        CardRef card = cards.create("ws-get", "card", "alice");
        CardRef other = cards.create("ws-get", "other", "alice");
        runs.insert(newRun("run-get", card.id(), T0));

        assertEquals("run-get", runs.get(card.id(), "run-get").orElseThrow().id());
        assertEquals(Optional.empty(), runs.get(other.id(), "run-get"));
        assertEquals(Optional.empty(), runs.get(card.id(), "no-such-run"));
    }

    @Test
    void cancel_ends_a_queued_run_flags_a_running_one_and_leaves_others() {
        CardRef card = cards.create("ws-cancel", "card", "alice");
        CardRef other = cards.create("ws-cancel", "other", "alice");
        runs.insert(newRun("c-running", card.id(), T0));
        assertEquals("c-running", runs.claim("node-a", Duration.ofMinutes(5)).orElseThrow().id());
        runs.insert(newRun("c-queued", card.id(), T0.plusSeconds(1)));
        runs.insert(newRun("c-done", card.id(), T0.plusSeconds(2)));
        runs.finish("c-done", RunStatus.PASSED, T0.plusSeconds(3), new RunSummary(2, 0, 0, 1, 1, 0.0, 5L), null);

        assertEquals(CancelRequest.CANCELLED, runs.requestCancel(card.id(), "c-queued"));
        Run cancelled = runs.get(card.id(), "c-queued").orElseThrow();
        assertEquals("cancelled", cancelled.status());
        assertTrue(cancelled.finishedAt() != null, "finishedAt set");
        assertEquals("cancelled before it started", cancelled.error());
        assertEquals(CancelRequest.ALREADY_FINISHED, runs.requestCancel(card.id(), "c-queued"));
        assertEquals(Optional.empty(), runs.claim("node-b", Duration.ofMinutes(5)), "a cancelled run is not claimed");

        assertFalse(runs.cancelRequested("c-running"));
        assertEquals(CancelRequest.REQUESTED, runs.requestCancel(card.id(), "c-running"));
        assertTrue(runs.cancelRequested("c-running"));
        assertEquals("running", runs.get(card.id(), "c-running").orElseThrow().status());
        assertEquals(CancelRequest.REQUESTED, runs.requestCancel(card.id(), "c-running"));
        assertTrue(runs.finish("c-running", RunStatus.CANCELLED, T0.plusSeconds(9), null, "cancelled by alice"));
        assertEquals(CancelRequest.ALREADY_FINISHED, runs.requestCancel(card.id(), "c-running"));

        assertEquals(CancelRequest.ALREADY_FINISHED, runs.requestCancel(card.id(), "c-done"));
        assertEquals("passed", runs.get(card.id(), "c-done").orElseThrow().status());
        assertEquals(CancelRequest.NOT_FOUND, runs.requestCancel(card.id(), "no-such-run"));
        assertEquals(CancelRequest.NOT_FOUND, runs.requestCancel(other.id(), "c-done"));
        assertFalse(runs.cancelRequested("no-such-run"));
    }

    @Test
    void a_finished_run_stays_as_it_ended() {
        CardRef card = cards.create("ws-finish", "card", "alice");
        runs.insert(newRun("f-1", card.id(), T0));
        RunSummary first = new RunSummary(1, 0, 0, 3, 4, null, 10L);
        assertTrue(runs.finish("f-1", RunStatus.PASSED, T0.plusSeconds(1), first, null));

        assertFalse(runs.finish("f-1", RunStatus.ERROR, T0.plusSeconds(2), null, "too late"));
        assertFalse(runs.finish("no-such-run", RunStatus.ERROR, T0, null, null));
        Run run = runs.get(card.id(), "f-1").orElseThrow();
        assertEquals("passed", run.status());
        assertEquals(first, run.summary());
        assertEquals("2026-03-01T10:15:31.123Z", run.finishedAt());
        assertEquals("", run.error());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runs.finish("f-1", RunStatus.RUNNING, T0, null, null));
        assertEquals("run f-1 cannot finish as running: use passed, failed, error or cancelled", e.getMessage());
    }

    @Test
    void bad_writes_are_refused_with_what_to_do() {
        CardRef card = cards.create("ws-bad", "card", "alice");
        CardRef deleted = cards.create("ws-bad", "deleted", "alice");
        cards.softDelete("ws-bad", "deleted");
        runs.insert(newRun("b-1", card.id(), T0));

        assertEquals("run b-1 exists already: give each run a new id", assertThrows(IllegalArgumentException.class,
                () -> runs.insert(newRun("b-1", card.id(), T0))).getMessage());
        assertEquals("run b-2 cannot be queued: there is no card with id -5 (look the card up with CardStore.find "
                + "first)", assertThrows(IllegalArgumentException.class,
                        () -> runs.insert(newRun("b-2", -5, T0))).getMessage());
        assertEquals("run b-3 cannot be queued: card id " + deleted.id() + " was deleted",
                assertThrows(IllegalArgumentException.class,
                        () -> runs.insert(newRun("b-3", deleted.id(), T0))).getMessage());
        assertEquals("result t1 cannot be saved: there is no run b-4 (insert the run first)",
                assertThrows(IllegalArgumentException.class,
                        () -> runs.saveResult("b-4", "t1", running(""))).getMessage());
        assertEquals("result t1 of run b-1 has status 'done': use queued, running, passed, failed, error or "
                + "cancelled", assertThrows(IllegalArgumentException.class, () -> runs.saveResult("b-1", "t1",
                        new TestResult("done", "", "", null, null, List.of(), null, null, null, null))).getMessage());
        assertEquals("result key is empty: give a non-empty result key",
                assertThrows(IllegalArgumentException.class,
                        () -> runs.saveResult("b-1", "", running(""))).getMessage());
        assertEquals(List.of("b-1"), runs.list(card.id(), 10).stream().map(Run::id).toList());
        assertEquals(Map.of(), runs.get(card.id(), "b-1").orElseThrow().results());
    }
}
