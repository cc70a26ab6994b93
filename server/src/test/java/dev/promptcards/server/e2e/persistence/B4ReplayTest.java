package dev.promptcards.server.e2e.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.e2e.ServerProcess;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's first proof: a stock client replaying the whole B4 editing trace (259,778 edits, one
 * transaction each) as fast as it can through a real {@code serve} with the default message rate
 * (persistence/b4-replay.mjs). It is slowed (its reads paused), never closed; meanwhile a client on
 * another card (persistence/steady-editor.mjs) gets every edit echoed; a late joiner gets the exact
 * final text. The same replay then runs against the Node reference server, and both times are
 * printed side by side (no assertion on them: the reference has no rate limit and stores nothing).
 */
class B4ReplayTest {

    private static final String WORKSPACE = "replay";

    @RegisterExtension final PersistentServers servers = new PersistentServers();

    /** What one run of the replay measured. */
    private record Run(String replayed, String stopped) {
        /** From the first edit to the echo of the last. */
        double seconds() {
            return NodeScript.number(replayed, "echoedMs") / 1000.0;
        }

        /** From the first edit to the last, made locally (the provider sending them meanwhile). */
        double madeSeconds() {
            return NodeScript.number(replayed, "madeMs") / 1000.0;
        }

        /** The other card's client's echo latencies, as the JSON the script reported. */
        String otherLatencies() {
            Matcher latencies = Pattern.compile("\"latencyMs\":(\\{[^}]*})").matcher(stopped);
            return latencies.find() ? latencies.group(1) : "(not reported)";
        }
    }

    @Test
    void a_stock_client_replaying_the_b4_trace_as_fast_as_it_can_is_slowed_never_closed()
            throws Exception {
        ServerProcess ours = servers.startWithDefaultLimits("--data-dir", servers.dataDir().toString());
        Run promptcards = replay(ours.httpBase(), "promptcards");
        double paused = ours.metric("promptcards_reads_paused_total");
        assertTrue(paused > 0, "the default message rate held the replaying client back");
        assertEquals(0, ours.terminate(Duration.ofSeconds(30)), "exit code after SIGTERM");

        Run reference;
        try (NodeReferenceServer node = NodeReferenceServer.start()) {
            servers.explainWith("the Node reference server", node::output);
            reference = replay(node.httpBase(), "reference");
        }

        System.out.printf("B4 replay through a stock client (259,778 edits, one transaction each),"
                        + " from the first edit to the echo of the last: promptcards %.1f s (never closed;"
                        + " reads paused %.0f times), Node reference @y/websocket-server 0.1.1 %.1f s"
                        + " (edits made in %.1f s and %.1f s)%n",
                promptcards.seconds(), paused, reference.seconds(), promptcards.madeSeconds(),
                reference.madeSeconds());
        System.out.printf("  echo latency (ms) of a client typing on another card meanwhile:"
                        + " promptcards %s, Node reference %s%n",
                promptcards.otherLatencies(), reference.otherLatencies());
    }

    /**
     * The replay against the server at {@code base}, a steady editor on another card around it;
     * asserts that nothing closed either client, that every edit of the other was echoed and that the
     * late joiner got the exact text (in the script).
     */
    private Run replay(String base, String side) throws InterruptedException {
        Map<String, String> otherEnv = Map.of("SERVER_URL", base, "JWT_SECRET", servers.secret(),
                "WORKSPACE", WORKSPACE, "CARD", "other");
        Map<String, String> replayEnv = Map.of("SERVER_URL", base, "JWT_SECRET", servers.secret(),
                "WORKSPACE", WORKSPACE, "CARD", "b4",
                "TRACE", B4Card.trace().toString(),
                "TEXT_SHA256", B4Card.FINAL_TEXT_SHA256,
                "TEXT_LENGTH", Integer.toString(B4Card.FINAL_TEXT_LENGTH));
        try (NodeScript other = NodeScript.start("steady-editor.mjs", otherEnv)) {
            servers.explainWith("steady-editor.mjs (" + side + ")", other::output);
            other.await("editing", Duration.ofSeconds(30));
            try (NodeScript replay = NodeScript.start("b4-replay.mjs", replayEnv)) {
                servers.explainWith("b4-replay.mjs (" + side + ")", replay::output);
                String replayed = replay.await("replayed", Duration.ofMinutes(6));
                other.send("stop");
                String stopped = other.await("stopped", Duration.ofSeconds(60));
                String joined = replay.await("joined", Duration.ofSeconds(90));
                assertEquals(0, replay.awaitExit(Duration.ofSeconds(10)), replay.output());
                assertEquals(0, other.awaitExit(Duration.ofSeconds(10)), other.output());

                assertEquals(0, NodeScript.number(joined, "closeCount"),
                        side + ": the replaying client's connection was closed: " + joined);
                assertEquals(B4Card.FINAL_TEXT_LENGTH, NodeScript.number(joined, "length"));
                assertEquals(0, NodeScript.number(stopped, "closeCount"),
                        side + ": the other card's client was closed: " + stopped);
                assertEquals(NodeScript.number(stopped, "edits"), NodeScript.number(stopped, "echoed"),
                        side + ": every edit of the other card's client was echoed: " + stopped);
                return new Run(replayed, stopped);
            }
        }
    }
}
