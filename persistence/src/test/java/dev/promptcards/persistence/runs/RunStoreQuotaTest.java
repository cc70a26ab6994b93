package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.admin.Quotas;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.promptcards.persistence.runs.RunFixtures.newRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A workspace's run usage counted by UTC day and month, and the run quotas RunStore.insert enforces. */
class RunStoreQuotaTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2026-03-17T10:00:00Z");

    private static Database database;
    private static CardStore cards;
    private static RunStore runs;
    private static WorkspaceStore workspaces;

    @BeforeAll
    static void open() {
        database = db.open();
        cards = new CardStore(database.dsl());
        runs = new RunStore(database.dsl());
        workspaces = new WorkspaceStore(database.dsl());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @BeforeEach
    void noRunWaits() {
        RunFixtures.endAllRuns(database.dsl());
    }

    private static TestResult costing(double costUsd) {
        return new TestResult("passed", "out", "", true, 1.0, List.of(), 10L, 1L, 1L, costUsd);
    }

    private static TestResult unpriced() {
        return new TestResult("passed", "out", "", true, 1.0, List.of(), 10L, 1L, 1L, null);
    }

    private static long storedRuns(String workspace) {
        return database.dsl().fetchCount(database.dsl().select().from("test_runs r join cards c on c.pk = r.card")
                .where("c.workspace = ?", workspace));
    }

    @Test
    void usage_counts_the_utc_day_and_sums_the_utc_month_over_every_card_of_the_workspace() {
        CardRef a = cards.create("ws-usage", "a", "alice");
        CardRef b = cards.create("ws-usage", "b", "alice");
        CardRef other = cards.create("ws-usage-other", "a", "alice");
        runs.insert(newRun("u-today-1", a.id(), Instant.parse("2026-03-17T00:00:00Z")));
        runs.insert(newRun("u-today-2", b.id(), Instant.parse("2026-03-17T23:59:59.999999Z")));
        runs.insert(newRun("u-yesterday", a.id(), Instant.parse("2026-03-16T23:59:59.999999Z")));
        runs.insert(newRun("u-last-month", a.id(), Instant.parse("2026-02-28T23:00:00Z")));
        runs.insert(newRun("u-other", other.id(), NOW));
        runs.saveResult("u-today-1", "t1", costing(0.25));
        runs.saveResult("u-today-1", "t2", costing(0.000_123));
        runs.saveResult("u-today-2", "t1", unpriced());
        runs.saveResult("u-yesterday", "t1", costing(1.5));
        runs.saveResult("u-last-month", "t1", costing(100));
        runs.saveResult("u-other", "t1", costing(7));

        assertEquals(new RunUsage(2, new BigDecimal("1.750123")), runs.usage("ws-usage", NOW));
        assertEquals(new RunUsage(0, new BigDecimal("0.000000")), runs.usage("ws-never-made", NOW));
    }

    @Test
    void a_workspace_at_its_runs_per_day_quota_queues_nothing_until_the_quota_is_raised() {
        CardRef card = cards.create("ws-daily", "a", "alice");
        workspaces.setQuotas("ws-daily", new Quotas(null, null, 2, null));
        runs.insert(newRun("d-1", card.id(), NOW));
        runs.insert(newRun("d-2", card.id(), NOW.plusSeconds(1)));

        RunQuotaExceededException refused = assertThrows(RunQuotaExceededException.class,
                () -> runs.insert(newRun("d-3", card.id(), NOW.plusSeconds(2))));

        assertEquals("workspace 'ws-daily' has reached its quota maxRunsPerDay of 2: 2 runs were started today"
                + " (UTC); it resets at 2026-03-18T00:00:00Z", refused.getMessage());
        assertEquals("maxRunsPerDay", refused.quota());
        assertEquals(Instant.parse("2026-03-18T00:00:00Z"), refused.resetsAt());
        assertEquals(2, storedRuns("ws-daily"));

        runs.insert(newRun("d-tomorrow", card.id(), Instant.parse("2026-03-18T00:00:00Z")));
        workspaces.setQuotas("ws-daily", new Quotas(null, null, 3, null));
        runs.insert(newRun("d-3", card.id(), NOW.plusSeconds(3)));
        assertEquals(4, storedRuns("ws-daily"));
    }

    @Test
    void a_workspace_whose_month_cost_its_quota_queues_nothing_until_the_quota_is_raised() {
        CardRef card = cards.create("ws-monthly", "a", "alice");
        workspaces.setQuotas("ws-monthly", new Quotas(null, null, null, new BigDecimal("0.5")));
        runs.insert(newRun("m-1", card.id(), Instant.parse("2026-03-01T00:00:00Z")));
        runs.saveResult("m-1", "t1", costing(0.3));
        runs.insert(newRun("m-2", card.id(), NOW));
        runs.saveResult("m-2", "t1", costing(0.2));

        RunQuotaExceededException refused = assertThrows(RunQuotaExceededException.class,
                () -> runs.insert(newRun("m-3", card.id(), NOW)));

        assertEquals("workspace 'ws-monthly' has reached its quota maxCostPerMonthUsd of 0.5 USD: the runs started"
                + " this month (UTC) cost 0.5 USD; it resets at 2026-04-01T00:00:00Z", refused.getMessage());
        assertEquals(2, storedRuns("ws-monthly"));

        runs.insert(newRun("m-april", card.id(), Instant.parse("2026-04-01T00:00:00Z")));
        workspaces.setQuotas("ws-monthly", new Quotas(null, null, null, new BigDecimal("0.500001")));
        runs.insert(newRun("m-3", card.id(), NOW));
        assertEquals(4, storedRuns("ws-monthly"));
    }

    @Test
    void runs_asked_for_at_once_never_pass_the_quota() throws Exception {
        CardRef card = cards.create("ws-race", "a", "alice");
        workspaces.setQuotas("ws-race", new Quotas(null, null, 3, null));
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "race-" + i;
            attempts.add(() -> {
                try {
                    runs.insert(newRun(id, card.id(), NOW));
                    return true;
                } catch (RunQuotaExceededException e) {
                    return false;
                }
            });
        }
        int queued = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(6)) {
            for (Future<Boolean> attempt : threads.invokeAll(attempts)) {
                queued += attempt.get() ? 1 : 0;
            }
        }

        assertEquals(3, queued);
        assertEquals(3, storedRuns("ws-race"));
        assertEquals(3, runs.usage("ws-race", NOW).runsToday());
    }
}
