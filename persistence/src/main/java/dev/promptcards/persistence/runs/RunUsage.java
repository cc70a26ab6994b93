package dev.promptcards.persistence.runs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What a workspace's runs used of its run quotas (issue 15): the runs started in the UTC day and what the
 * runs started in the UTC calendar month cost so far. A run counts in the day and month it was asked for
 * ({@code test_runs.created_at}), whatever card it ran on (a card deleted since included: what was spent is
 * spent), and its cost is the sum of its results' stored costs (a result of unknown cost counts 0).
 *
 * @param runsToday        runs started since the start of the UTC day
 * @param costThisMonthUsd what the runs started since the start of the UTC month cost, in US dollars, with 6
 *                         decimal places
 */
public record RunUsage(long runsToday, BigDecimal costThisMonthUsd) {

    /** Checks the values; the cost is kept with scale 6, as the quota is. */
    public RunUsage {
        Objects.requireNonNull(costThisMonthUsd, "costThisMonthUsd");
        costThisMonthUsd = costThisMonthUsd.setScale(6, java.math.RoundingMode.HALF_EVEN);
    }

    /** @return the start of the UTC day of {@code now} */
    public static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** @return the start of the UTC day after the one of {@code now}: when {@link #runsToday} starts again at 0 */
    public static Instant nextDay(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** @return the start of the UTC calendar month of {@code now} */
    public static Instant monthStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** @return the start of the UTC month after the one of {@code now}: when {@link #costThisMonthUsd} starts again */
    public static Instant nextMonth(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }
}
