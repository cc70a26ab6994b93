package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.RunStatus;
import dev.promptcards.card.schema.RunSummary;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.jooq.tables.records.TestResultsRecord;
import dev.promptcards.persistence.jooq.tables.records.TestRunsRecord;
import dev.promptcards.persistence.jooq.tables.records.WorkspacesRecord;
import org.jooq.Condition;
import org.jooq.conf.ParamType;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static dev.promptcards.persistence.jooq.Tables.TEST_RESULTS;
import static dev.promptcards.persistence.jooq.Tables.TEST_RUNS;

/**
 * Test runs and their results in PostgreSQL, and the queue the run workers of every node claim from.
 *
 * <p>A run is inserted queued. A worker {@link #claim claims} the oldest run that is queued, or running under
 * a lease that passed (its node stopped), with {@code SELECT ... FOR UPDATE SKIP LOCKED}: however many
 * workers on however many nodes claim at once, each run goes to one of them, and a claim never waits for
 * another. The worker holds the run while it renews the lease ({@link #renew}); it saves each test's
 * result as it comes ({@link #saveResult}), so that a worker taking the run over after a crash goes on from
 * there ({@link ClaimedRun#savedResults}), and ends it with {@link #finish}.
 *
 * <p>Time is the database's ({@code now()}), the one clock every node shares: leases pass by it, and the
 * times the store sets itself (started, a queued run cancelled) are read from it.
 *
 * <p>Runs of a card that was soft-deleted are not claimed; each claim first ends them: a queued run, or a
 * running one whose node stopped, is cancelled with {@link #CARD_DELETED} as its error, and a running one
 * is asked to stop (its cancel flag). Nothing stays queued or running for a card that is gone.
 *
 * <p>Text PostgreSQL cannot hold (U+0000, lone surrogates) is stored with U+FFFD in its place; ids and result
 * keys with such text are refused ({@link IllegalArgumentException}).
 *
 * <p>Thread-safe: every call runs its own statements (one transaction each) on the pool.
 */
public final class RunStore {
    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    /** The error of a run cancelled while it was still queued. */
    public static final String CANCELLED_BEFORE_START = "cancelled before it started";

    /** The error of a run that was cancelled because its card was deleted. */
    public static final String CARD_DELETED = "the card was deleted before the run ended, so the run was cancelled";

    private static final String QUEUED = RunStatus.QUEUED.value();
    private static final String RUNNING = RunStatus.RUNNING.value();
    private static final String CANCELLED = RunStatus.CANCELLED.value();

    /** Not over: the predicate of the index test_runs_queue, as a literal (a bind value would hide it from
     *  a generic plan, which could then not use the partial index). */
    private static final Condition NOT_OVER = TEST_RUNS.STATUS.in(DSL.inline(QUEUED), DSL.inline(RUNNING));
    private static final Condition IS_QUEUED = TEST_RUNS.STATUS.eq(DSL.inline(QUEUED));
    private static final Condition IS_RUNNING = TEST_RUNS.STATUS.eq(DSL.inline(RUNNING));

    private final DSLContext dsl;
    private final String saveResultSql;

    /**
     * A store on the given database.
     *
     * @param dsl a jOOQ context for PostgreSQL over a pool (e.g. {@link dev.promptcards.persistence.Database#dsl()})
     */
    public RunStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.saveResultSql = saveResultSql(dsl);
    }

    /**
     * The upsert of a test's result with its twelve values as {@code ?}, rendered once: rendering it per result
     * was a fifth of the server's CPU in a run (bench runner's profile). The order of the values is that of
     * {@link #saveResult}'s parameters.
     */
    private static String saveResultSql(DSLContext dsl) {
        return dsl.insertInto(TEST_RESULTS)
                .set(TEST_RESULTS.RUN, (String) null)
                .set(TEST_RESULTS.RESULT_KEY, (String) null)
                .set(TEST_RESULTS.STATUS, (String) null)
                .set(TEST_RESULTS.OUTPUT, (String) null)
                .set(TEST_RESULTS.PASS, (Boolean) null)
                .set(TEST_RESULTS.SCORE, (Double) null)
                .set(TEST_RESULTS.ASSERTIONS, (String) null)
                .set(TEST_RESULTS.LATENCY_MS, (Long) null)
                .set(TEST_RESULTS.TOKENS_IN, (Long) null)
                .set(TEST_RESULTS.TOKENS_OUT, (Long) null)
                .set(TEST_RESULTS.COST_USD, (Double) null)
                .set(TEST_RESULTS.ERROR, (String) null)
                .onConflict(TEST_RESULTS.RUN, TEST_RESULTS.RESULT_KEY)
                .doUpdate()
                .set(TEST_RESULTS.STATUS, DSL.excluded(TEST_RESULTS.STATUS))
                .set(TEST_RESULTS.OUTPUT, DSL.excluded(TEST_RESULTS.OUTPUT))
                .set(TEST_RESULTS.PASS, DSL.excluded(TEST_RESULTS.PASS))
                .set(TEST_RESULTS.SCORE, DSL.excluded(TEST_RESULTS.SCORE))
                .set(TEST_RESULTS.ASSERTIONS, DSL.excluded(TEST_RESULTS.ASSERTIONS))
                .set(TEST_RESULTS.LATENCY_MS, DSL.excluded(TEST_RESULTS.LATENCY_MS))
                .set(TEST_RESULTS.TOKENS_IN, DSL.excluded(TEST_RESULTS.TOKENS_IN))
                .set(TEST_RESULTS.TOKENS_OUT, DSL.excluded(TEST_RESULTS.TOKENS_OUT))
                .set(TEST_RESULTS.COST_USD, DSL.excluded(TEST_RESULTS.COST_USD))
                .set(TEST_RESULTS.ERROR, DSL.excluded(TEST_RESULTS.ERROR))
                .getSQL(ParamType.INDEXED);
    }

    // ------------------------------------------------------------------------------------------- queue

    /**
     * Queues a run: stored with status queued, for a worker to claim, unless its workspace used up a run
     * quota ({@code maxRunsPerDay} in the UTC day of {@link NewRun#createdAt}, {@code maxCostPerMonthUsd} in its
     * UTC month; see {@link RunUsage}). The quotas are read and counted in the transaction that inserts, under a
     * lock of the workspace's row, so concurrent runs cannot overshoot them.
     *
     * @param run the run
     * @throws IllegalArgumentException  when its card does not exist or was deleted, or a run with its id exists
     * @throws RunQuotaExceededException when its workspace used up a run quota (nothing is stored)
     */
    public void insert(NewRun run) {
        insert(run, tx -> { });
    }

    /**
     * Queues a run as {@link #insert(NewRun)} does, and does {@code alsoInTransaction} in the same transaction
     * once the run is in (the audit row of its start: both are stored or neither).
     *
     * @param run               the run
     * @param alsoInTransaction what else to store, given the transaction's context; what it throws rolls the run
     *                          back and is thrown
     * @throws IllegalArgumentException  when its card does not exist or was deleted, or a run with its id exists
     * @throws RunQuotaExceededException when its workspace used up a run quota (nothing is stored)
     */
    public void insert(NewRun run, Consumer<DSLContext> alsoInTransaction) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(alsoInTransaction, "alsoInTransaction");
        dsl.transaction(cfg -> {
            DSLContext tx = DSL.using(cfg);
            // a card's workspace never changes: read without a lock, so that the workspace's row is locked
            // before the card's, the order in which the card quota's create and restore lock them
            String workspace = tx.select(CARDS.WORKSPACE).from(CARDS).where(CARDS.PK.eq(run.cardPk()))
                    .fetchOptional(CARDS.WORKSPACE).orElse(null);
            WorkspacesRecord quotas = workspace == null ? null : RunQuotas.lock(tx, workspace);
            // FOR SHARE: a soft delete of the card waits until the run is in, so the next claim ends it
            Record1<OffsetDateTime> card = tx.select(CARDS.DELETED_AT)
                    .from(CARDS)
                    .where(CARDS.PK.eq(run.cardPk()))
                    .forShare()
                    .fetchOne();
            if (card == null) {
                throw new IllegalArgumentException("run " + run.id() + " cannot be queued: there is no card with "
                        + "id " + run.cardPk() + " (look the card up with CardStore.find first)");
            }
            if (card.value1() != null) {
                throw new IllegalArgumentException("run " + run.id() + " cannot be queued: card id " + run.cardPk()
                        + " was deleted");
            }
            RunQuotas.require(tx, workspace, quotas, run.createdAt());
            int inserted = tx.insertInto(TEST_RUNS)
                    .set(TEST_RUNS.ID, run.id())
                    .set(TEST_RUNS.CARD, run.cardPk())
                    .set(TEST_RUNS.STATUS, QUEUED)
                    .set(TEST_RUNS.PROVIDER, StorableText.of(run.provider()))
                    .set(TEST_RUNS.MODEL, StorableText.of(run.model()))
                    .set(TEST_RUNS.CREATED_BY, StorableText.of(run.by()))
                    .set(TEST_RUNS.CREATED_AT, RunRows.timestamp(run.createdAt()))
                    .set(TEST_RUNS.STATE_VECTOR, run.stateVector())
                    .set(TEST_RUNS.PLAN, StorableText.of(run.planJson()))
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 0) {
                throw new IllegalArgumentException("run " + run.id() + " exists already: give each run a new id");
            }
            alsoInTransaction.accept(tx);
        });
    }

    /**
     * Claims the oldest run (by {@code created_at}, then id) that is queued, or running under a lease that
     * passed, of a card not deleted: sets it running under {@code node} until now + {@code lease}, its
     * {@code started_at} on the first claim. Runs locked by another claim at this moment are skipped, never
     * waited for. Ends the runs of deleted cards first (see the class comment).
     *
     * @param node  who claims: a name unique to this worker among all nodes and restarts (a renewal by the
     *              same name is taken for the same worker)
     * @param lease how long the claim holds without a renewal; more than zero
     * <p>A run taken over may have been asked to stop meanwhile: the worker reads {@link #cancelRequested}
     * before it goes on.
     *
     * @return the run, with its results saved so far; empty when no run is waiting
     * @throws IllegalArgumentException when the node is blank or the lease not positive
     */
    public Optional<ClaimedRun> claim(String node, Duration lease) {
        checkNode(node);
        Field<OffsetDateTime> leaseUntil = leaseUntil(lease);
        endRunsOfDeletedCards();
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Record row = claimQuery(tx).fetchOne();
            if (row == null) {
                return Optional.empty();
            }
            TestRunsRecord run = row.into(TEST_RUNS);
            boolean resumed = RUNNING.equals(run.getStatus());
            int claims = tx.update(TEST_RUNS)
                    .set(TEST_RUNS.STATUS, RUNNING)
                    .set(TEST_RUNS.CLAIMED_BY, StorableText.of(node))
                    .set(TEST_RUNS.LEASE_UNTIL, leaseUntil)
                    .set(TEST_RUNS.STARTED_AT, DSL.coalesce(TEST_RUNS.STARTED_AT, DSL.currentOffsetDateTime()))
                    .set(TEST_RUNS.CLAIMS, TEST_RUNS.CLAIMS.plus(1))
                    .where(TEST_RUNS.ID.eq(run.getId()))
                    .returning(TEST_RUNS.CLAIMS)
                    .fetchSingle(TEST_RUNS.CLAIMS);
            if (resumed) {
                log.info("run {} of card {}/{}: taken over by {} from {}, whose lease passed (claim {})",
                        run.getId(), row.get(CARDS.WORKSPACE), row.get(CARDS.NAME), node, run.getClaimedBy(),
                        claims);
            }
            return Optional.of(new ClaimedRun(run.getId(),
                    new CardRef(run.getCard(), row.get(CARDS.WORKSPACE), row.get(CARDS.NAME)),
                    run.getProvider(), run.getModel(), run.getCreatedBy(), run.getCreatedAt().toInstant(),
                    run.getStateVector(), run.getPlan(), readResults(tx, run.getId()), resumed, claims));
        });
    }

    /**
     * The next claimable run with its card's names, locked: queued, or running under a lease that passed
     * (the condition names the queue index's predicate, so the index serves it), of a card not deleted.
     */
    static ResultQuery<Record> claimQuery(DSLContext tx) {
        return tx.select(TEST_RUNS.fields())
                .select(CARDS.WORKSPACE, CARDS.NAME)
                .from(TEST_RUNS)
                .join(CARDS).on(CARDS.PK.eq(TEST_RUNS.CARD))
                .where(NOT_OVER, IS_QUEUED.or(TEST_RUNS.LEASE_UNTIL.lt(DSL.currentOffsetDateTime())),
                        CARDS.DELETED_AT.isNull())
                .orderBy(TEST_RUNS.CREATED_AT, TEST_RUNS.ID)
                .limit(1)
                .forUpdate().of(TEST_RUNS).skipLocked();
    }

    /**
     * Extends a claim: the lease runs until now + {@code lease}. Works as long as the run is still running under
     * {@code node}, also when the lease passed but no other worker took the run yet.
     *
     * @param runId the run
     * @param node  the name it was claimed under
     * @param lease how long from now; more than zero
     * @return false when the claim was lost: another worker took the run over, or it ended, or there is none
     * @throws IllegalArgumentException when the node is blank or the lease not positive
     */
    public boolean renew(String runId, String node, Duration lease) {
        Objects.requireNonNull(runId, "runId");
        checkNode(node);
        return dsl.update(TEST_RUNS)
                .set(TEST_RUNS.LEASE_UNTIL, leaseUntil(lease))
                .where(TEST_RUNS.ID.eq(runId), TEST_RUNS.CLAIMED_BY.eq(StorableText.of(node)),
                        TEST_RUNS.STATUS.eq(RUNNING))
                .execute() == 1;
    }

    /**
     * Tells a worker whether to stop: a cancel was requested ({@link #requestCancel}), or the run's card was
     * deleted.
     *
     * @param runId the run
     * @return true when the run should stop; false otherwise, also when there is no such run
     */
    public boolean cancelRequested(String runId) {
        Objects.requireNonNull(runId, "runId");
        return dsl.select(TEST_RUNS.CANCEL_REQUESTED)
                .from(TEST_RUNS)
                .where(TEST_RUNS.ID.eq(runId))
                .fetchOptional(TEST_RUNS.CANCEL_REQUESTED)
                .orElse(false);
    }

    /**
     * Cancels a card's run: a queued one at once (status cancelled, {@code finished_at} now, so no worker
     * takes it); for a running one, sets the flag its worker reads ({@link #cancelRequested}). Waits for a
     * claim of the run under way, so a run is never both cancelled here and handed to a worker.
     *
     * @param cardPk the card's row id
     * @param runId  the run
     * @return what it found and did
     */
    public CancelRequest requestCancel(long cardPk, String runId) {
        Objects.requireNonNull(runId, "runId");
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            Optional<String> status = tx.select(TEST_RUNS.STATUS)
                    .from(TEST_RUNS)
                    .where(TEST_RUNS.ID.eq(runId), TEST_RUNS.CARD.eq(cardPk))
                    .forUpdate()
                    .fetchOptional(TEST_RUNS.STATUS);
            if (status.isEmpty()) {
                return CancelRequest.NOT_FOUND;
            }
            if (QUEUED.equals(status.get())) {
                tx.update(TEST_RUNS)
                        .set(TEST_RUNS.STATUS, CANCELLED)
                        .set(TEST_RUNS.FINISHED_AT, DSL.currentOffsetDateTime())
                        .set(TEST_RUNS.CANCEL_REQUESTED, true)
                        .set(TEST_RUNS.ERROR, CANCELLED_BEFORE_START)
                        .where(TEST_RUNS.ID.eq(runId))
                        .execute();
                return CancelRequest.CANCELLED;
            }
            if (RUNNING.equals(status.get())) {
                tx.update(TEST_RUNS)
                        .set(TEST_RUNS.CANCEL_REQUESTED, true)
                        .where(TEST_RUNS.ID.eq(runId))
                        .execute();
                return CancelRequest.REQUESTED;
            }
            return CancelRequest.ALREADY_FINISHED;
        });
    }

    // ----------------------------------------------------------------------------------------- results

    /**
     * Saves a test's result in a run, replacing what was saved under its key before (the key keeps its first
     * place in the run's order). Its strings are stored as given ({@code null} as ""), its null values as
     * absent, null assertions as none.
     *
     * @param runId     the run
     * @param resultKey the test case id, or {@code <id>#<n>} with repeat
     * @param result    the result; its status one of {@link RunStatus}'s values
     * @throws IllegalArgumentException when the status is not a run status, the key is empty or not storable,
     *                                  or there is no such run
     */
    public void saveResult(String runId, String resultKey, TestResult result) {
        Objects.requireNonNull(runId, "runId");
        StorableText.requireKey("result key", resultKey);
        Objects.requireNonNull(result, "result");
        if (RunStatus.parse(result.status()).isEmpty()) {
            throw new IllegalArgumentException("result " + resultKey + " of run " + runId + " has status '"
                    + result.status() + "': use queued, running, passed, failed, error or cancelled");
        }
        String output = StorableText.of(result.output() == null ? "" : result.output());
        String assertions = StorableText.of(RunJson.assertions(result.assertions() == null
                ? List.of() : result.assertions()));
        String error = result.error() == null || result.error().isEmpty() ? null : StorableText.of(result.error());
        try {
            dsl.connection(connection -> {
                try (PreparedStatement upsert = connection.prepareStatement(saveResultSql)) {
                    int i = 0;
                    upsert.setString(++i, runId);
                    upsert.setString(++i, resultKey);
                    upsert.setString(++i, result.status());
                    upsert.setString(++i, output);
                    upsert.setObject(++i, result.pass(), Types.BOOLEAN);
                    upsert.setObject(++i, result.score(), Types.DOUBLE);
                    upsert.setString(++i, assertions);
                    upsert.setObject(++i, result.latencyMs(), Types.BIGINT);
                    upsert.setObject(++i, result.tokensIn(), Types.BIGINT);
                    upsert.setObject(++i, result.tokensOut(), Types.BIGINT);
                    upsert.setObject(++i, result.costUsd(), Types.DOUBLE);
                    upsert.setString(++i, error);
                    upsert.executeUpdate();
                } catch (SQLException e) {
                    throw new DataAccessException("saving result " + resultKey + " of run " + runId + " failed: "
                            + e.getMessage(), e);
                }
            });
        } catch (DataAccessException e) {
            if ("23503".equals(e.sqlState())) { // foreign_key_violation: no such run
                throw new IllegalArgumentException("result " + resultKey + " cannot be saved: there is no run "
                        + runId + " (insert the run first)", e);
            }
            throw e;
        }
    }

    /**
     * Ends a run that is queued or running: its final status, when it finished, its figures and why it ended
     * as it did. A run that already ended is left as it was.
     *
     * @param runId      the run
     * @param status     passed, failed, error or cancelled
     * @param finishedAt when it finished
     * @param summary    its figures; null when there are none
     * @param error      why it ended error or cancelled; null or "" when nothing is said
     * <p>Only the worker holding the run's claim ends it: one that is not sure it still does asks
     * {@link #renew} first.
     *
     * @return true when this call ended it; false when it had ended already or there is no such run
     * @throws IllegalArgumentException when the status is queued or running
     */
    public boolean finish(String runId, RunStatus status, Instant finishedAt, RunSummary summary, String error) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("run " + runId + " cannot finish as " + status.value()
                    + ": use passed, failed, error or cancelled");
        }
        return dsl.update(TEST_RUNS)
                .set(TEST_RUNS.STATUS, status.value())
                .set(TEST_RUNS.FINISHED_AT, RunRows.timestamp(finishedAt))
                .set(TEST_RUNS.SUMMARY, summary == null ? null : StorableText.of(RunJson.summary(summary)))
                .set(TEST_RUNS.ERROR, error == null || error.isEmpty() ? null : StorableText.of(error))
                .where(TEST_RUNS.ID.eq(runId), TEST_RUNS.STATUS.in(QUEUED, RUNNING))
                .execute() == 1;
    }

    // ------------------------------------------------------------------------------------------ reading

    /**
     * Lists a card's runs, newest first ({@code created_at} descending, then id ascending), without their
     * results (each {@link Run#results()} is empty; {@link #get} has them): a listing never reads outputs.
     *
     * @param cardPk the card's row id
     * @param limit  the most runs to return; at least 1
     * @return the runs, as {@link #get} reads them but for the results
     * @throws IllegalArgumentException when the limit is less than 1
     */
    public List<Run> list(long cardPk, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " lists nothing: ask for at least 1 run");
        }
        return dsl.selectFrom(TEST_RUNS)
                .where(TEST_RUNS.CARD.eq(cardPk))
                .orderBy(TEST_RUNS.CREATED_AT.desc(), TEST_RUNS.ID)
                .limit(limit)
                .fetch(row -> RunRows.run(row, Map.of()));
    }

    /**
     * Reads a card's run with its results, in the fields of the document's run map: startedAt is when it
     * was asked for ({@code Runs.timestamp}), finishedAt null until it ends, stateVector base64, summary
     * null until it ends with one, error "" when none; results by key in the order first saved.
     *
     * @param cardPk the card's row id
     * @param runId  the run
     * @return the run; empty when the card has no run of that id
     */
    public Optional<Run> get(long cardPk, String runId) {
        Objects.requireNonNull(runId, "runId");
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            tx.execute("set transaction isolation level repeatable read, read only");
            return tx.selectFrom(TEST_RUNS)
                    .where(TEST_RUNS.ID.eq(runId), TEST_RUNS.CARD.eq(cardPk))
                    .fetchOptional()
                    .map(row -> RunRows.run(row, readResults(tx, runId)));
        });
    }

    /**
     * What a workspace's runs used of its run quotas at {@code now} (see {@link RunUsage}).
     *
     * @param workspace the workspace; one without runs (or unknown) has used nothing
     * @param now       the instant whose UTC day and month are counted
     * @return the runs started in the day and the cost of the runs started in the month
     */
    public RunUsage usage(String workspace, Instant now) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(now, "now");
        return dsl.transactionResult(cfg -> {
            DSLContext tx = DSL.using(cfg);
            // one snapshot for both numbers
            tx.execute("set transaction isolation level repeatable read, read only");
            return RunQuotas.usage(tx, workspace, now);
        });
    }

    /**
     * Counts the queue, for gauges and an operator's look; one query on the queue's index.
     *
     * @return queued and running runs, leases that passed, the oldest queued run's time
     */
    public QueueStats queueStats() {
        Condition expired = IS_RUNNING.and(TEST_RUNS.LEASE_UNTIL.lt(DSL.currentOffsetDateTime()));
        Record4<Integer, Integer, Integer, OffsetDateTime> row = dsl.select(
                        DSL.count().filterWhere(IS_QUEUED),
                        DSL.count().filterWhere(IS_RUNNING),
                        DSL.count().filterWhere(expired),
                        DSL.min(TEST_RUNS.CREATED_AT).filterWhere(IS_QUEUED))
                .from(TEST_RUNS)
                .where(NOT_OVER)
                .fetchSingle();
        return new QueueStats(row.value1(), row.value2(), row.value3(),
                row.value4() == null ? null : row.value4().toInstant());
    }

    private static Map<String, TestResult> readResults(DSLContext tx, String runId) {
        List<TestResultsRecord> rows = tx.selectFrom(TEST_RESULTS)
                .where(TEST_RESULTS.RUN.eq(runId))
                .orderBy(TEST_RESULTS.SAVED)
                .fetch();
        return RunRows.results(rows);
    }

    // ---------------------------------------------------------------------------------- deleted cards

    /**
     * Ends the runs of soft-deleted cards that are not over: queued ones, and running ones whose lease passed,
     * are cancelled with {@link #CARD_DELETED}; running ones under a live lease get their cancel flag, and are
     * cancelled by their worker. Rows another call holds are left to the next one.
     */
    private void endRunsOfDeletedCards() {
        Condition endNow = IS_QUEUED.or(TEST_RUNS.LEASE_UNTIL.lt(DSL.currentOffsetDateTime()));
        int ended = dsl.update(TEST_RUNS)
                .set(TEST_RUNS.STATUS, DSL.when(endNow, DSL.inline(CANCELLED)).otherwise(TEST_RUNS.STATUS))
                .set(TEST_RUNS.FINISHED_AT, DSL.when(endNow, DSL.currentOffsetDateTime())
                        .otherwise(TEST_RUNS.FINISHED_AT))
                .set(TEST_RUNS.ERROR, DSL.when(endNow, DSL.val(CARD_DELETED)).otherwise(TEST_RUNS.ERROR))
                .set(TEST_RUNS.CANCEL_REQUESTED, true)
                .where(TEST_RUNS.ID.in(DSL.select(TEST_RUNS.ID)
                        .from(TEST_RUNS)
                        .join(CARDS).on(CARDS.PK.eq(TEST_RUNS.CARD))
                        .where(NOT_OVER, CARDS.DELETED_AT.isNotNull(),
                                endNow.or(TEST_RUNS.CANCEL_REQUESTED.isFalse()))
                        .forUpdate().of(TEST_RUNS).skipLocked()))
                .execute();
        if (ended > 0) {
            log.info("{} run(s) of deleted cards cancelled or asked to stop", ended);
        }
    }

    // ------------------------------------------------------------------------------------------- checks

    private static void checkNode(String node) {
        Objects.requireNonNull(node, "node");
        if (node.isBlank()) {
            throw new IllegalArgumentException("node name is blank: name the worker that claims, e.g. host:pid:n");
        }
    }

    /** now() + lease, in the database. */
    private static Field<OffsetDateTime> leaseUntil(Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease " + lease + " is over before it starts: give a positive one");
        }
        double seconds = lease.getSeconds() + lease.getNano() / 1e9;
        return DSL.field("now() + make_interval(secs => {0})", SQLDataType.TIMESTAMPWITHTIMEZONE,
                DSL.val(seconds, SQLDataType.DOUBLE));
    }
}
