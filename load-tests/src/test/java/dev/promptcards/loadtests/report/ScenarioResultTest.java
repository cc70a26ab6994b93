package dev.promptcards.loadtests.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {

    record Figure(String key, String label, Unit unit) implements Metric {}

    static final Figure TIME = new Figure("time", "time", Unit.MILLIS);

    @Test
    void medians_of_odd_and_even_rounds() {
        assertEquals(3.0, ScenarioResult.median(List.of(9.0, 1.0, 3.0)));
        assertEquals(2.5, ScenarioResult.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }

    @Test
    void ratio_is_our_median_over_the_references() {
        ScenarioResult r = new ScenarioResult(TIME, List.of(1.0, 2.0, 3.0), List.of(4.0, 8.0, 9.0));
        assertEquals(0.25, r.ratio());
    }

    @Test
    void rounds_spreading_more_than_a_fifth_of_the_median_are_noisy() {
        ScenarioResult steady = new ScenarioResult(TIME, List.of(100.0, 110.0, 105.0), List.of(50.0, 50.0, 50.0));
        assertEquals(0.1 / 1.05, steady.oursSpread(), 1e-12);
        assertFalse(steady.noisy());
        ScenarioResult noisy = new ScenarioResult(TIME, List.of(100.0, 100.0, 100.0), List.of(40.0, 50.0, 51.0));
        assertEquals(0.22, noisy.referenceSpread(), 1e-12);
        assertTrue(noisy.noisy());
    }

    @Test
    void one_round_has_no_spread() {
        assertEquals(0.0, new ScenarioResult(TIME, List.of(7.0), List.of(9.0)).oursSpread());
    }

    @Test
    void a_missing_figure_or_a_reference_of_zero_has_no_ratio() {
        ScenarioResult referenceless = ScenarioResult.once(TIME, 3.0, Double.NaN);
        assertEquals(List.of(), referenceless.reference());
        assertTrue(Double.isNaN(referenceless.referenceMedian()));
        assertTrue(Double.isNaN(referenceless.ratio()));
        assertTrue(Double.isNaN(ScenarioResult.once(TIME, 0.0, 0.0).ratio()));
        assertEquals("-", Unit.MILLIS.format(referenceless.ratio()));
    }

    @Test
    void units_format_for_the_table() {
        assertEquals("1,234 ms", Unit.MILLIS.format(1234.4));
        assertEquals("12.3 us", Unit.MICROS.format(12.34));
        assertEquals("3.20 MB", Unit.BYTES.format(3_200_000));
        assertEquals("9.50 KB", Unit.BYTES.format(9_500));
        assertEquals("12,000 /s", Unit.PER_SECOND.format(12_000));
        assertEquals("0.85", Unit.CORES.format(0.851));
    }
}
