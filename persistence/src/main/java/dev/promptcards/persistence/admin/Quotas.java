package dev.promptcards.persistence.admin;

import java.math.BigDecimal;

/**
 * A workspace's limits; null is unlimited. The store keeps them; the server enforces them.
 *
 * @param maxCards           the most cards (not deleted) the workspace holds
 * @param maxConnections     the most WebSocket connections open at once
 * @param maxRunsPerDay      the most test runs started in a day
 * @param maxCostPerMonthUsd the most the runs of a month may cost, in US dollars (6 decimal places kept)
 */
public record Quotas(Integer maxCards, Integer maxConnections, Integer maxRunsPerDay, BigDecimal maxCostPerMonthUsd) {

    /** No limits. */
    public static final Quotas UNLIMITED = new Quotas(null, null, null, null);

    /** The largest cost the column holds: numeric(18, 6) keeps 12 digits before the point. */
    private static final BigDecimal MAX_COST = new BigDecimal("999999999999.999999");

    /**
     * Checks that every limit given is at least 0 and the cost fits in the column; the cost is kept with
     * scale 6 (12.5 becomes 12.500000).
     */
    public Quotas {
        checkCount("maxCards", maxCards);
        checkCount("maxConnections", maxConnections);
        checkCount("maxRunsPerDay", maxRunsPerDay);
        if (maxCostPerMonthUsd != null) {
            if (maxCostPerMonthUsd.signum() < 0) {
                throw new IllegalArgumentException("maxCostPerMonthUsd must be at least 0, not "
                        + maxCostPerMonthUsd.toPlainString());
            }
            if (maxCostPerMonthUsd.compareTo(MAX_COST) > 0) {
                throw new IllegalArgumentException("maxCostPerMonthUsd must be at most " + MAX_COST.toPlainString());
            }
            if (maxCostPerMonthUsd.stripTrailingZeros().scale() > 6) {
                throw new IllegalArgumentException("maxCostPerMonthUsd has more than 6 decimal places: "
                        + maxCostPerMonthUsd.toPlainString());
            }
            // the column's scale, so that a quota equals itself read back (BigDecimal.equals compares scales)
            maxCostPerMonthUsd = maxCostPerMonthUsd.setScale(6);
        }
    }

    private static void checkCount(String what, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(what + " must be at least 0, not " + value);
        }
    }
}
