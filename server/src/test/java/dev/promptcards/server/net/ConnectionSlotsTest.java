package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.server.net.ConnectionSlots.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConnectionSlotsTest {

    @Test
    void a_workspace_at_its_quota_is_refused_while_another_still_connects() {
        ConnectionSlots slots = new ConnectionSlots(10, 2);

        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme"));
        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme"));
        assertEquals(Outcome.WORKSPACE_FULL, slots.tryAcquire("acme"));
        assertEquals(Outcome.TAKEN, slots.tryAcquire("other"));

        assertEquals(3, slots.used());
        assertEquals(2, slots.used("acme"));
        assertEquals(1, slots.used("other"));
    }

    @Test
    void a_stored_quota_below_the_cap_binds_and_is_named_while_one_above_leaves_the_cap() {
        ConnectionSlots slots = new ConnectionSlots(10, 3);

        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme", 1));
        assertEquals(Outcome.WORKSPACE_QUOTA, slots.tryAcquire("acme", 1));
        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme", 5));
        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme", 5));
        assertEquals(Outcome.WORKSPACE_FULL, slots.tryAcquire("acme", 5));
        assertEquals(Outcome.WORKSPACE_QUOTA, slots.tryAcquire("acme", 3));
        assertEquals(Outcome.WORKSPACE_QUOTA, slots.tryAcquire("zero", 0));

        assertEquals(3, slots.used("acme"));
        assertEquals(0, slots.used("zero"));
        assertEquals(3, slots.used());
    }

    @Test
    void a_released_slot_can_be_taken_again_and_an_empty_workspace_holds_nothing() {
        ConnectionSlots slots = new ConnectionSlots(10, 1);
        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme"));

        slots.release("acme");

        assertEquals(0, slots.used());
        assertEquals(0, slots.used("acme"));
        assertEquals(Outcome.TAKEN, slots.tryAcquire("acme"));
    }

    @Test
    void the_server_cap_refuses_every_workspace_and_takes_nothing_of_the_newcomer_quota() {
        ConnectionSlots slots = new ConnectionSlots(2, 5);
        slots.tryAcquire("acme");
        slots.tryAcquire("other");

        assertEquals(Outcome.SERVER_FULL, slots.tryAcquire("third"));
        assertEquals(Outcome.SERVER_FULL, slots.tryAcquire("acme"));

        assertEquals(2, slots.used());
        assertEquals(0, slots.used("third"));
        assertEquals(1, slots.used("acme"));
    }

    @Test
    void a_workspace_at_its_quota_is_told_so_even_when_the_server_is_full() {
        ConnectionSlots slots = new ConnectionSlots(2, 2);
        slots.tryAcquire("acme");
        slots.tryAcquire("acme");

        assertEquals(Outcome.WORKSPACE_FULL, slots.tryAcquire("acme"));
        assertEquals(Outcome.SERVER_FULL, slots.tryAcquire("other"));
    }

    @Test
    void caps_below_one_are_refused() {
        assertEquals("max connections per workspace must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> new ConnectionSlots(1, 0)).getMessage());
        assertEquals("max connections must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> new ConnectionSlots(0, 1)).getMessage());
    }

    @Test
    void threads_racing_for_one_workspace_never_take_more_than_its_quota() throws Exception {
        ConnectionSlots slots = new ConnectionSlots(1_000, 50);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Outcome>> tries = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                tries.add(() -> slots.tryAcquire("acme"));
            }
            long taken = 0;
            for (Future<Outcome> outcome : threads.invokeAll(tries)) {
                taken += outcome.get() == Outcome.TAKEN ? 1 : 0;
            }
            assertEquals(50, taken);
            assertEquals(50, slots.used());
            assertEquals(50, slots.used("acme"));
        } finally {
            threads.shutdownNow();
        }
    }
}
