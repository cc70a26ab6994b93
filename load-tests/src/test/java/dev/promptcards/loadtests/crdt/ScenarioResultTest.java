package dev.promptcards.loadtests.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioResultTest {

  @Test
  void medians_of_odd_and_even_rounds() {
    assertEquals(3.0, ScenarioResult.median(List.of(9.0, 1.0, 3.0)));
    assertEquals(2.5, ScenarioResult.median(List.of(4.0, 1.0, 2.0, 3.0)));
  }

  @Test
  void ratio_is_our_median_over_the_references() {
    ScenarioResult r = new ScenarioResult(Scenario.LOCAL, List.of(1.0, 2.0, 3.0), List.of(4.0, 8.0, 9.0));
    assertEquals(0.25, r.ratio());
  }

  @Test
  void rounds_spreading_more_than_a_fifth_of_the_median_are_noisy() {
    ScenarioResult steady = new ScenarioResult(Scenario.PARSE, List.of(100.0, 110.0, 105.0), List.of(50.0, 50.0, 50.0));
    assertEquals(0.1 / 1.05, steady.oursSpread(), 1e-12);
    assertFalse(steady.noisy());
    ScenarioResult noisy = new ScenarioResult(Scenario.PARSE, List.of(100.0, 100.0, 100.0), List.of(40.0, 50.0, 51.0));
    assertEquals(0.22, noisy.referenceSpread(), 1e-12);
    assertTrue(noisy.noisy());
  }

  @Test
  void one_round_has_no_spread() {
    assertEquals(0.0, new ScenarioResult(Scenario.MEMORY, List.of(7.0), List.of(9.0)).oursSpread());
  }

  @Test
  void states_differing_name_their_first_differing_byte() {
    assertEquals(-1, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}).firstDifference());
    assertEquals(2, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}).firstDifference());
    assertEquals(3, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 3, 0}).firstDifference());
    assertFalse(StateComparison.of(new byte[] {1}, new byte[] {2}).identical());
  }
}
