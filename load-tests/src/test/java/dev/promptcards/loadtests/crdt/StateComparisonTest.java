package dev.promptcards.loadtests.crdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class StateComparisonTest {

    @Test
    void states_differing_name_their_first_differing_byte() {
        assertEquals(-1, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}).firstDifference());
        assertEquals(2, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}).firstDifference());
        assertEquals(3, StateComparison.of(new byte[] {1, 2, 3}, new byte[] {1, 2, 3, 0}).firstDifference());
        assertFalse(StateComparison.of(new byte[] {1}, new byte[] {2}).identical());
    }
}
