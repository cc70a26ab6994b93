package dev.promptcards.loadtests.runner;

import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.loadtests.report.Check;
import dev.promptcards.stubs.OpenAiStub;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the card on our server, as a user starts it: {@code POST .../runs}, then watched in the card as
 * the editor watches it (the connected {@link CardWatcher}'s document, read every {@value #POLL_MILLIS} ms in
 * this JVM: nothing asks the server) until it has ended, then {@code GET .../runs/{id}} once. Measured: the
 * wall time from the POST to the run's {@code finishedAt} (the server's clock is this machine's), the CPU
 * time of our JVM and of its PostgreSQL over the same span (to the moment the watcher saw the end), the JVM's
 * peak resident memory, its PostgreSQL's memory after the run. Checked: every test ran with the
 * outcome the card says, the stub got one request per test, and the client connected to the card saw
 * the run as the API tells it.
 */
final class OurRun {

    static final long POLL_MILLIS = 50;
    static final Duration MOST = Duration.ofMinutes(10);
    private static final List<String> ENDED = List.of("passed", "failed", "error", "cancelled");

    private OurRun() {}

    /**
     * Runs the card once and measures it.
     *
     * @param name what the checks call this run ("ours, first run")
     */
    static RunMeasure run(String name, OurServer server, RunsApi api, CardWatcher watcher, BenchCard card,
            OpenAiStub stub) throws IOException {
        int requestsBefore = stub.requestCount();
        double jvmBefore = server.jvmCpuSeconds();
        double databaseBefore = server.databaseCpuSeconds();
        Instant posted = Instant.now();
        long started = System.nanoTime();
        String id = api.start();
        // watched in the card, as a user's page watches it: polling the API would add the bench's own requests
        // to our CPU figure
        String status = watcher.run(id).map(Run::status).orElse("(not in the card yet)");
        while (!ENDED.contains(status)) {
            if (System.nanoTime() - started > MOST.toNanos()) {
                throw new IOException("the run " + id + " had not ended after " + MOST.toMinutes() + " minutes: "
                        + status);
            }
            sleep(POLL_MILLIS);
            status = watcher.run(id).map(Run::status).orElse("(not in the card yet)");
        }
        double observed = (System.nanoTime() - started) / 1e9;
        double jvm = server.jvmCpuSeconds() - jvmBefore;
        double database = server.databaseCpuSeconds() - databaseBefore;
        Map<?, ?> run = api.get(id);
        // the card and the database each record the end; the card may show it a moment first
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ENDED.contains(String.valueOf(run.get("status"))) && System.nanoTime() < deadline) {
            sleep(POLL_MILLIS);
            run = api.get(id);
        }
        double wall = wallSeconds(run, posted, observed);

        Map<?, ?> summary = run.get("summary") instanceof Map<?, ?> s ? s : Map.of();
        RunMeasure.Outcomes outcomes = new RunMeasure.Outcomes(whole(summary.get("passed")),
                whole(summary.get("failed")), whole(summary.get("errors")), whole(summary.get("tokensIn")),
                whole(summary.get("tokensOut")));
        RunMeasure m = RunMeasure.of(card.tests(), wall, jvm + database, jvm, server.peakRssBytes(), outcomes);
        m.put(RunFigure.DATABASE_MEMORY, server.databaseMemoryBytes());
        int requests = stub.requestCount() - requestsBefore;
        m.put(RunFigure.REQUESTS, requests);

        Map<?, ?> results = run.get("results") instanceof Map<?, ?> r ? r : Map.of();
        m.checks.add(outcomeCheck(name, card, outcomes, results.size(), requests,
                "run " + id + " " + run.get("status") + (isBlank(run.get("error")) ? "" : ": " + run.get("error"))));
        m.checks.add(watcherCheck(name, watcher, id, results, card.tests()));
        return m;
    }

    /** Every test ran once, the outcomes are those the card says, the stub got one request per test. */
    static Check outcomeCheck(String name, BenchCard card, RunMeasure.Outcomes outcomes, int results, int requests,
            String what) {
        boolean held = results == card.tests() && outcomes.passed() == card.expectedPasses()
                && outcomes.failed() == card.expectedFailures() && outcomes.errors() == 0 && requests == card.tests();
        return new Check(name + ": every test ran once, " + card.expectedPasses() + " passed and "
                + card.expectedFailures() + " failed as the card says", held,
                String.format(Locale.ROOT, "%s; %d results: %d passed, %d failed, %d errors; %d stub requests",
                        what, results, outcomes.passed(), outcomes.failed(), outcomes.errors(), requests));
    }

    /** The connected client's card shows the run ended, with every result and the same outputs as the API. */
    private static Check watcherCheck(String name, CardWatcher watcher, String id, Map<?, ?> results, int tests)
            throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        results.forEach((test, result) -> expected.put(String.valueOf(test),
                String.valueOf(((Map<?, ?>) result).get("output"))));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, String> seen = Map.of();
        String status = "(no run)";
        while (System.nanoTime() < deadline) {
            Optional<Run> run = watcher.run(id);
            if (run.isPresent()) {
                status = run.get().status();
                seen = new LinkedHashMap<>();
                for (Map.Entry<String, TestResult> e : run.get().results().entrySet()) {
                    seen.put(e.getKey(), e.getValue().output());
                }
                if (ENDED.contains(status) && seen.equals(expected)) {
                    break;
                }
            }
            sleep(POLL_MILLIS);
        }
        boolean held = ENDED.contains(status) && seen.size() == tests && seen.equals(expected);
        return new Check(name + ": the client connected to the card saw the run as the API tells it", held,
                String.format(Locale.ROOT, "status %s, %d of %d results, outputs %s; %,d updates (%,d bytes) received",
                        status, seen.size(), tests, seen.equals(expected) ? "equal" : "different",
                        watcher.updatesReceived(), watcher.bytesReceived()));
    }

    /** From the POST to the run's finishedAt; the time the poll saw the end when there is none. */
    private static double wallSeconds(Map<?, ?> run, Instant posted, double observed) {
        if (run.get("finishedAt") instanceof String finished) {
            try {
                return Duration.between(posted, Instant.parse(finished)).toNanos() / 1e9;
            } catch (DateTimeParseException e) {
                return observed;
            }
        }
        return observed;
    }

    private static long whole(Object number) {
        return number instanceof Number n ? n.longValue() : -1;
    }

    private static boolean isBlank(Object text) {
        return text == null || String.valueOf(text).isBlank();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
