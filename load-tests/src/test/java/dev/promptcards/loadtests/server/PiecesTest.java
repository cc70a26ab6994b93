package dev.promptcards.loadtests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.auth.Grant;
import dev.promptcards.server.auth.JwtTokenVerifier;
import org.junit.jupiter.api.Test;

class PiecesTest {

    @Test
    void our_server_accepts_the_benchmarks_tokens_for_every_card_of_its_workspace() throws Exception {
        Tokens tokens = Tokens.random();
        Grant grant = JwtTokenVerifier.hs256(tokens.secret()).verify(tokens.editor("bench", 60));
        assertEquals("bench", grant.subject());
        assertTrue(grant.allows("bench", "steady-10rooms-ours-1-3"));
        assertFalse(grant.allows("other", "card"));
        assertFalse(grant.readOnly());
    }

    @Test
    void percentiles_are_nearest_rank_in_milliseconds() {
        Latencies latencies = new Latencies();
        for (long i = 1; i <= 100; i++) {
            latencies.record(i * 1_000_000);
        }
        Latencies.Summary s = latencies.summary();
        assertEquals(100, s.count());
        assertEquals(50.0, s.p50());
        assertEquals(95.0, s.p95());
        assertEquals(99.0, s.p99());
        assertEquals(100.0, s.max());
        assertTrue(Double.isNaN(new Latencies().summary().p99()));
    }

    @Test
    void a_generator_thread_or_process_above_85_percent_of_its_cores_is_flagged() {
        assertFalse(new CpuMeter.Use(10, 1, 0, 1.2, 0.8, 2, 1.5, 2).generatorBound());
        assertTrue(new CpuMeter.Use(10, 1, 0, 1.2, 0.9, 2, 1.5, 2).generatorBound());
        assertTrue(new CpuMeter.Use(10, 1, 0, 1.8, 0.8, 2, 1.5, 2).generatorBound());
        assertTrue(new CpuMeter.Use(10, 1, 0, 0.5, 0.5, 2, 1.95, 2).machineSaturated());
        assertFalse(new CpuMeter.Use(10, 1, 0, 0.5, 0.5, 2, 1.85, 2).machineSaturated());
        // pinned to one CPU, two event loop threads have one core between them
        assertEquals(1, CpuMeter.generatorCores(2, 1));
        assertEquals(2, CpuMeter.generatorCores(2, 4));
        assertTrue(new CpuMeter.Use(10, 1, 0, 0.9, 0.5, CpuMeter.generatorCores(2, 1), 1.5, 2).generatorBound());
    }
}
