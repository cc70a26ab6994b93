package dev.promptcards.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link UpdateLog} batches appends and when it compacts a card.
 *
 * @param groupCommitWindow how long the writer thread keeps collecting appends after the first one of a
 *                          batch before it commits them together; {@link Duration#ZERO} commits at once
 *                          (only the appends already queued then share the transaction)
 * @param maxBatch          the most rows one transaction inserts (a full batch commits before its window ends)
 * @param compactAfterRows  {@link UpdateLog#compactIfNeeded} compacts once a card has at least this many log
 *                          rows after its latest snapshot
 * @param compactAfterBytes ... or at least this many bytes of log rows after its latest snapshot
 */
public record UpdateLogSettings(Duration groupCommitWindow, int maxBatch, long compactAfterRows,
                                long compactAfterBytes) {

    public static final Duration DEFAULT_GROUP_COMMIT_WINDOW = Duration.ofMillis(2);
    public static final int DEFAULT_MAX_BATCH = 256;
    public static final long DEFAULT_COMPACT_AFTER_ROWS = 1000;
    public static final long DEFAULT_COMPACT_AFTER_BYTES = 1L << 20;
    /** Two bind values per row; PostgreSQL's protocol takes at most 65535 per statement. */
    public static final int MAX_MAX_BATCH = 10_000;

    public UpdateLogSettings {
        Objects.requireNonNull(groupCommitWindow, "groupCommitWindow");
        if (groupCommitWindow.isNegative() || groupCommitWindow.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("groupCommitWindow must be between 0 and 10 s, got " + groupCommitWindow);
        }
        if (maxBatch < 1 || maxBatch > MAX_MAX_BATCH) {
            throw new IllegalArgumentException("maxBatch must be between 1 and " + MAX_MAX_BATCH + ", got " + maxBatch);
        }
        if (compactAfterRows < 1) {
            throw new IllegalArgumentException("compactAfterRows must be at least 1, got " + compactAfterRows);
        }
        if (compactAfterBytes < 1) {
            throw new IllegalArgumentException("compactAfterBytes must be at least 1, got " + compactAfterBytes);
        }
    }

    /** 2 ms window, 256 rows per batch, compaction after 1000 rows or 1 MiB of log. */
    public static UpdateLogSettings defaults() {
        return new UpdateLogSettings(DEFAULT_GROUP_COMMIT_WINDOW, DEFAULT_MAX_BATCH, DEFAULT_COMPACT_AFTER_ROWS,
                DEFAULT_COMPACT_AFTER_BYTES);
    }

    public UpdateLogSettings withGroupCommitWindow(Duration window) {
        return new UpdateLogSettings(window, maxBatch, compactAfterRows, compactAfterBytes);
    }

    public UpdateLogSettings withMaxBatch(int rows) {
        return new UpdateLogSettings(groupCommitWindow, rows, compactAfterRows, compactAfterBytes);
    }

    public UpdateLogSettings withCompactAfterRows(long rows) {
        return new UpdateLogSettings(groupCommitWindow, maxBatch, rows, compactAfterBytes);
    }

    public UpdateLogSettings withCompactAfterBytes(long bytes) {
        return new UpdateLogSettings(groupCommitWindow, maxBatch, compactAfterRows, bytes);
    }
}
