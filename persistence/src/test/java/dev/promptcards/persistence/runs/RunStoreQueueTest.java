package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardStore;
import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.testing.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.promptcards.persistence.runs.RunFixtures.T0;
import static dev.promptcards.persistence.runs.RunFixtures.newRun;
import static dev.promptcards.persistence.runs.RunFixtures.passed;
import static dev.promptcards.persistence.runs.RunFixtures.running;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue: claims across workers and nodes, leases, take-overs, deleted cards, the claim's index. */
class RunStoreQueueTest {

    private static final Duration LONG_LEASE = Duration.ofMinutes(5);

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static Database database;
    private static CardStore cards;
    private static RunStore runs;

    @BeforeAll
    static void open() {
        database = Database.start(db.config().withMaxPoolSize(8));
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
    void each_run_is_claimed_exactly_once_by_workers_on_several_nodes() throws Exception {
        List<CardRef> cardsOfRuns = List.of(cards.create("ws-race", "a", "alice"),
                cards.create("ws-race", "b", "alice"), cards.create("ws-race", "c", "alice"));
        Set<String> inserted = new TreeSet<>();
        for (int i = 0; i < 300; i++) {
            String id = "race-%03d".formatted(i);
            // a few share a created_at, so the order alone does not spread the workers
            runs.insert(newRun(id, cardsOfRuns.get(i % 3).id(), T0.plusMillis(i / 4)));
            inserted.add(id);
        }
        // two nodes (each its own pool, as two servers would have), four workers each
        try (Database other = Database.start(db.config().withMaxPoolSize(8))) {
            List<RunStore> nodes = List.of(runs, new RunStore(other.dsl()));
            ConcurrentHashMap<String, String> claimedBy = new ConcurrentHashMap<>();
            AtomicInteger doubleClaims = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    RunStore store = nodes.get(w % 2);
                    String worker = "node-" + (w % 2) + ":worker-" + w;
                    workers.add(pool.submit(() -> {
                        go.await();
                        int mine = 0;
                        for (Optional<ClaimedRun> run = store.claim(worker, LONG_LEASE); run.isPresent();
                                run = store.claim(worker, LONG_LEASE)) {
                            mine++;
                            if (claimedBy.putIfAbsent(run.get().id(), worker) != null) {
                                doubleClaims.incrementAndGet();
                            }
                            if (mine % 2 == 0) { // half end at once, half stay running under their lease
                                store.finish(run.get().id(), RunStatus.PASSED, Instant.now(),
                                        new RunSummary(1, 0, 0, 0, 0, null, null), null);
                            }
                        }
                        return mine;
                    }));
                }
                go.countDown();
                int total = 0;
                for (Future<Integer> worker : workers) {
                    total += worker.get(60, TimeUnit.SECONDS);
                }
                assertEquals(0, doubleClaims.get());
                assertEquals(300, total);
                assertEquals(inserted, new TreeSet<>(claimedBy.keySet()));
            } finally {
                pool.shutdownNow();
            }
            for (String id : inserted) {
                assertEquals(claimedBy.get(id), database.dsl().fetchSingle(
                        "select claimed_by from test_runs where id = ?", id).get(0, String.class));
            }
            assertEquals(List.of(1), database.dsl().fetch(
                    "select distinct claims from test_runs where id like 'race-%'").getValues(0, Integer.class));
            assertEquals(Optional.empty(), runs.claim("late", LONG_LEASE));
        }
    }

    @Test
    void runs_are_claimed_oldest_first() {
        CardRef card = cards.create("ws-order", "card", "alice");
        runs.insert(newRun("o-late", card.id(), T0.plusSeconds(1)));
        runs.insert(newRun("o-tie-b", card.id(), T0.plusSeconds(2)));
        runs.insert(newRun("o-early", card.id(), T0));
        runs.insert(newRun("o-tie-a", card.id(), T0.plusSeconds(2)));

        List<String> order = new ArrayList<>();
        for (Optional<ClaimedRun> run = runs.claim("w", LONG_LEASE); run.isPresent();
                run = runs.claim("w", LONG_LEASE)) {
            order.add(run.get().id());
        }
        assertEquals(List.of("o-early", "o-late", "o-tie-a", "o-tie-b"), order);
    }

    @Test
    void a_run_whose_lease_passed_is_taken_over_and_resumed_with_its_saved_results() {
        CardRef card = cards.create("ws-lease", "card", "alice");
        runs.insert(newRun("l-1", card.id(), T0));
        ClaimedRun first = runs.claim("node-a", LONG_LEASE).orElseThrow();
        assertFalse(first.resumed());
        String startedAt = startedAt("l-1");
        assertNotNull(startedAt);
        runs.saveResult("l-1", "t1", passed("Paris"));
        runs.saveResult("l-1", "t2", running("half an answ"));
        assertEquals(Optional.empty(), runs.claim("node-b", LONG_LEASE), "not while node-a's lease holds");
        assertTrue(runs.renew("l-1", "node-a", LONG_LEASE));

        // node-a stops renewing: its last renewal runs out at once
        assertTrue(runs.renew("l-1", "node-a", Duration.ofMillis(1)));
        ClaimedRun resumed = await().atMost(Duration.ofSeconds(10))
                .until(() -> runs.claim("node-b", LONG_LEASE), Optional::isPresent).orElseThrow();

        assertEquals("l-1", resumed.id());
        assertTrue(resumed.resumed());
        assertEquals(2, resumed.claims());
        assertEquals(card, resumed.card());
        assertEquals(first.createdAt(), resumed.createdAt());
        assertEquals(first.planJson(), resumed.planJson());
        Map<String, TestResult> saved = new LinkedHashMap<>();
        saved.put("t1", passed("Paris"));
        saved.put("t2", running("half an answ"));
        assertEquals(saved, resumed.savedResults());
        assertEquals(List.of("t1", "t2"), List.copyOf(resumed.savedResults().keySet()));

        assertFalse(runs.renew("l-1", "node-a", LONG_LEASE), "node-a lost its claim");
        assertTrue(runs.renew("l-1", "node-b", LONG_LEASE));
        assertEquals(Optional.empty(), runs.claim("node-c", LONG_LEASE));
        assertEquals("node-b", database.dsl().fetchSingle(
                "select claimed_by from test_runs where id = 'l-1'").get(0, String.class));
        assertEquals(startedAt, startedAt("l-1"), "started when first claimed");
        Run run = runs.get(card.id(), "l-1").orElseThrow();
        assertEquals("running", run.status());
        assertEquals(saved, run.results());
    }

    private static String startedAt(String runId) {
        return database.dsl().fetchSingle("select started_at::text from test_runs where id = ?", runId)
                .get(0, String.class);
    }

    @Test
    void a_claim_is_not_renewed_once_its_run_ended_or_for_an_unknown_run() {
        CardRef card = cards.create("ws-renew", "card", "alice");
        runs.insert(newRun("n-1", card.id(), T0));
        assertFalse(runs.renew("n-1", "node-a", LONG_LEASE), "queued: nobody holds it");
        runs.claim("node-a", LONG_LEASE).orElseThrow();
        assertTrue(runs.renew("n-1", "node-a", LONG_LEASE));
        assertTrue(runs.finish("n-1", RunStatus.PASSED, T0, null, null));

        assertFalse(runs.renew("n-1", "node-a", LONG_LEASE));
        assertFalse(runs.renew("no-such-run", "node-a", LONG_LEASE));
    }

    @Test
    void a_run_of_a_deleted_card_is_not_claimed_and_ends_cancelled() {
        CardRef doomed = cards.create("ws-deleted", "doomed", "alice");
        CardRef kept = cards.create("ws-deleted", "kept", "alice");
        runs.insert(newRun("d-running", doomed.id(), T0));
        assertEquals("d-running", runs.claim("node-a", LONG_LEASE).orElseThrow().id());
        runs.insert(newRun("d-queued", doomed.id(), T0.plusSeconds(1)));
        runs.insert(newRun("d-kept", kept.id(), T0.plusSeconds(2)));
        assertTrue(cards.softDelete("ws-deleted", "doomed"));

        assertEquals("d-kept", runs.claim("node-b", LONG_LEASE).orElseThrow().id());
        Run queued = runs.get(doomed.id(), "d-queued").orElseThrow();
        assertEquals("cancelled", queued.status());
        assertEquals(RunStore.CARD_DELETED, queued.error());
        assertNotNull(queued.finishedAt());
        // the running one is asked to stop, and its worker ends it
        assertEquals("running", runs.get(doomed.id(), "d-running").orElseThrow().status());
        assertTrue(runs.cancelRequested("d-running"));

        // ... or, when its node stopped too, the queue ends it once the lease passed
        assertTrue(runs.renew("d-running", "node-a", Duration.ofMillis(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            assertEquals(Optional.empty(), runs.claim("node-c", LONG_LEASE));
            return runs.get(doomed.id(), "d-running").orElseThrow().status().equals("cancelled");
        });
        Run ended = runs.get(doomed.id(), "d-running").orElseThrow();
        assertEquals(RunStore.CARD_DELETED, ended.error());
        assertNotNull(ended.finishedAt());
        assertEquals(new QueueStats(0, 1, 0, null), runs.queueStats()); // d-kept, under node-b
    }

    @Test
    void queue_stats_count_queued_running_and_expired_runs() {
        CardRef card = cards.create("ws-stats", "card", "alice");
        assertEquals(new QueueStats(0, 0, 0, null), runs.queueStats());
        runs.insert(newRun("s-1", card.id(), T0));
        runs.insert(newRun("s-2", card.id(), T0.plusSeconds(1)));
        runs.insert(newRun("s-3", card.id(), T0.plusSeconds(2)));
        runs.insert(newRun("s-4", card.id(), T0.plusSeconds(3)));
        runs.claim("node-a", LONG_LEASE).orElseThrow();
        runs.claim("node-b", LONG_LEASE).orElseThrow();
        assertEquals(new QueueStats(2, 2, 0, Instant.parse("2026-03-01T10:15:32.123456Z")), runs.queueStats());

        assertTrue(runs.renew("s-2", "node-b", Duration.ofMillis(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.queueStats().leaseExpired() == 1);
        assertEquals(new QueueStats(2, 2, 1, Instant.parse("2026-03-01T10:15:32.123456Z")), runs.queueStats());
    }

    @Test
    void the_claim_reads_the_queue_index_however_many_runs_ended() {
        CardRef card = cards.create("ws-index", "card", "alice");
        DSLContext dsl = database.dsl();
        dsl.execute("insert into test_runs (id, card, status, provider, model, created_by, created_at, "
                + "state_vector, plan, finished_at) select 'ended-' || i, ?, 'passed', 'echo', 'echo', 'alice', "
                + "now() - make_interval(secs => i), '\\x00'::bytea, '{}', now() from generate_series(1, 20000) i",
                card.id());
        runs.insert(newRun("i-1", card.id(), T0));
        dsl.execute("analyze test_runs");

        String plan = dsl.transactionResult(cfg -> String.join("\n",
                DSL.using(cfg).fetch("explain " + DSL.using(cfg).renderInlined(RunStore.claimQuery(DSL.using(cfg))))
                        .getValues(0, String.class)));
        assertTrue(plan.contains("test_runs_queue"), plan);
        assertEquals("i-1", runs.claim("node-a", LONG_LEASE).orElseThrow().id());
    }

    @Test
    void a_claim_names_its_worker_and_a_positive_lease() {
        assertEquals("node name is blank: name the worker that claims, e.g. host:pid:n",
                assertThrows(IllegalArgumentException.class, () -> runs.claim(" ", LONG_LEASE)).getMessage());
        assertEquals("lease PT0S is over before it starts: give a positive one",
                assertThrows(IllegalArgumentException.class, () -> runs.claim("w", Duration.ZERO)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> runs.renew("r", "w", Duration.ofSeconds(-1)));
        assertNull(runs.queueStats().oldestQueuedAt());
    }
}
