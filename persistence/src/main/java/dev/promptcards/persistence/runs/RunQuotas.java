package dev.promptcards.persistence.runs;

import dev.promptcards.persistence.jooq.tables.records.WorkspacesRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.math.BigDecimal;
import java.time.Instant;

import static dev.promptcards.persistence.jooq.Tables.CARDS;
import static dev.promptcards.persistence.jooq.Tables.TEST_RESULTS;
import static dev.promptcards.persistence.jooq.Tables.TEST_RUNS;
import static dev.promptcards.persistence.jooq.Tables.WORKSPACES;

/**
 * A workspace's run usage ({@link RunUsage}) and the check of its run quotas before a run is queued.
 *
 * <p>The queries go from the workspace's cards (the index of {@code unique (workspace, name)}) to their runs
 * of the period ({@code test_runs_by_card}: card, created_at) and those runs' results (their primary key):
 * index lookups per card of the workspace, no scan of other workspaces' runs.
 */
final class RunQuotas {

    private RunQuotas() {
    }

    /** The usage of a workspace at {@code now}; an unknown workspace has used nothing. */
    static RunUsage usage(DSLContext dsl, String workspace, Instant now) {
        return new RunUsage(runsBetween(dsl, workspace, RunUsage.dayStart(now), RunUsage.nextDay(now)),
                costBetween(dsl, workspace, RunUsage.monthStart(now), RunUsage.nextMonth(now)));
    }

    /**
     * Locks a workspace's row until the transaction ends ({@code FOR NO KEY UPDATE}, which a card's foreign key
     * check does not wait for) and reads its quotas, so that two runs asked for at once are counted one after
     * the other and cannot both take the last one.
     *
     * @param tx        the transaction that queues the run
     * @param workspace the run's workspace
     * @return its row, or null when there is no such workspace
     */
    static WorkspacesRecord lock(DSLContext tx, String workspace) {
        return tx.selectFrom(WORKSPACES).where(WORKSPACES.ID.eq(workspace)).forNoKeyUpdate().fetchOne();
    }

    /**
     * Refuses a run of a workspace that used up a run quota, inside the transaction that would queue it, after
     * {@link #lock}.
     *
     * @param tx        the transaction that queues the run
     * @param workspace the run's workspace
     * @param quotas    its row as {@link #lock} read it; null for no quotas
     * @param now       when the run is asked for
     * @throws RunQuotaExceededException when a quota is used up
     */
    static void require(DSLContext tx, String workspace, WorkspacesRecord quotas, Instant now) {
        if (quotas == null) {
            return;
        }
        Integer maxRuns = quotas.getMaxRunsPerDay();
        if (maxRuns != null) {
            long runs = runsBetween(tx, workspace, RunUsage.dayStart(now), RunUsage.nextDay(now));
            if (runs >= maxRuns) {
                throw new RunQuotaExceededException(workspace, "maxRunsPerDay", Long.toString(maxRuns),
                        runs + (runs == 1 ? " run was" : " runs were") + " started today (UTC)", RunUsage.nextDay(now));
            }
        }
        BigDecimal maxCost = quotas.getMaxCostPerMonthUsd();
        if (maxCost != null) {
            BigDecimal cost = costBetween(tx, workspace, RunUsage.monthStart(now), RunUsage.nextMonth(now));
            if (cost.compareTo(maxCost) >= 0) {
                throw new RunQuotaExceededException(workspace, "maxCostPerMonthUsd", usd(maxCost),
                        "the runs started this month (UTC) cost " + usd(cost), RunUsage.nextMonth(now));
            }
        }
    }

    /** "1.5 USD", "0 USD": the amount without trailing zeros. */
    static String usd(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString() + " USD";
    }

    private static long runsBetween(DSLContext dsl, String workspace, Instant from, Instant to) {
        return dsl.selectCount()
                .from(TEST_RUNS)
                .join(CARDS).on(CARDS.PK.eq(TEST_RUNS.CARD))
                .where(CARDS.WORKSPACE.eq(workspace),
                        TEST_RUNS.CREATED_AT.ge(RunRows.timestamp(from)),
                        TEST_RUNS.CREATED_AT.lt(RunRows.timestamp(to)))
                .fetchSingle()
                .value1();
    }

    private static BigDecimal costBetween(DSLContext dsl, String workspace, Instant from, Instant to) {
        // each double as numeric before the sum: an exact decimal sum of the stored values, rounded to 6 places
        BigDecimal sum = dsl.select(DSL.round(DSL.sum(TEST_RESULTS.COST_USD.cast(SQLDataType.NUMERIC)), 6))
                .from(TEST_RESULTS)
                .join(TEST_RUNS).on(TEST_RUNS.ID.eq(TEST_RESULTS.RUN))
                .join(CARDS).on(CARDS.PK.eq(TEST_RUNS.CARD))
                .where(CARDS.WORKSPACE.eq(workspace),
                        TEST_RUNS.CREATED_AT.ge(RunRows.timestamp(from)),
                        TEST_RUNS.CREATED_AT.lt(RunRows.timestamp(to)))
                .fetchSingle()
                .value1();
        return sum == null ? BigDecimal.ZERO : sum;
    }
}
