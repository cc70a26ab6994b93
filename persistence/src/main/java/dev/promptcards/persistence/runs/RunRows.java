package dev.promptcards.persistence.runs;

import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.card.schema.TestResult;
import dev.promptcards.persistence.jooq.tables.records.TestResultsRecord;
import dev.promptcards.persistence.jooq.tables.records.TestRunsRecord;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rows of {@code test_runs} and {@code test_results} as the card schema's {@link Run} and {@link TestResult}. */
final class RunRows {

    private RunRows() {
    }

    /** A run row as {@link Run}, the document's run map's fields: absent strings "", absent values null. */
    static Run run(TestRunsRecord row, Map<String, TestResult> results) {
        return new Run(row.getId(),
                row.getStatus(),
                row.getProvider(),
                row.getModel(),
                row.getCreatedBy(),
                Runs.timestamp(row.getCreatedAt().toInstant()),
                row.getFinishedAt() == null ? null : Runs.timestamp(row.getFinishedAt().toInstant()),
                Base64.getEncoder().encodeToString(row.getStateVector()),
                row.getSummary() == null ? null : RunJson.summary(row.getSummary(), row.getId()),
                orderedCopy(results),
                row.getError() == null ? "" : row.getError());
    }

    /** A result row as {@link TestResult}. */
    static TestResult result(TestResultsRecord row) {
        return new TestResult(row.getStatus(),
                row.getOutput(),
                row.getError() == null ? "" : row.getError(),
                row.getPass(),
                row.getScore(),
                RunJson.assertions(row.getAssertions(), row.getRun(), row.getResultKey()),
                row.getLatencyMs(),
                row.getTokensIn(),
                row.getTokensOut(),
                row.getCostUsd());
    }

    /** Results in the order they were first saved (the rows come sorted by {@code saved}). */
    static Map<String, TestResult> results(List<TestResultsRecord> rows) {
        Map<String, TestResult> results = new LinkedHashMap<>();
        for (TestResultsRecord row : rows) {
            results.put(row.getResultKey(), result(row));
        }
        return results;
    }

    /** An unmodifiable copy keeping the iteration order. */
    static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** An instant as stored: UTC, to the microsecond (PostgreSQL's precision), truncated rather than rounded. */
    static OffsetDateTime timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
