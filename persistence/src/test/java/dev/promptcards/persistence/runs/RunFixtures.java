package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.AssertionResult;
import dev.promptcards.card.schema.TestResult;
import org.jooq.DSLContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Runs and results to store in the tests. */
final class RunFixtures {

    /** A fixed instant with nanoseconds: the store keeps microseconds. */
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private RunFixtures() {
    }

    /** A queued run of the card asked for at {@code createdAt}, with a plan naming its id. */
    static NewRun newRun(String id, long cardPk, Instant createdAt) {
        return new NewRun(id, cardPk, "openai", "gpt-4o-mini", "alice", createdAt,
                ("sv-" + id).getBytes(StandardCharsets.UTF_8), "{\"run\":\"" + id + "\",\"tests\":[\"t1\",\"t2\"]}");
    }

    /** A finished result with every field set. */
    static TestResult passed(String output) {
        return new TestResult("passed", output, "", true, 0.75,
                List.of(new AssertionResult("contains", true, 1.0, "contains \"Paris\""),
                        new AssertionResult("llm-rubric", false, 0.5, null),
                        new AssertionResult("not-icontains", true, null, "no \"london\"")),
                1234L, 12L, 34L, 0.000_123);
    }

    /** A result under way: only status and output. */
    static TestResult running(String output) {
        return new TestResult("running", output, "", null, null, List.of(), null, null, null, null);
    }

    /** Ends every run not over, so that a test's claims see only its own runs. */
    static void endAllRuns(DSLContext dsl) {
        dsl.execute("update test_runs set status = 'cancelled', finished_at = now() "
                + "where status in ('queued', 'running')");
    }
}
