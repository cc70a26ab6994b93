package dev.promptcards.persistence.runs;

import java.time.Instant;

/**
 * The queue as it stands ({@link RunStore#queueStats}), for gauges and an operator's look.
 *
 * @param queued         runs waiting for a worker
 * @param running        runs claimed by a worker (expired leases included)
 * @param leaseExpired   running runs whose lease passed: their node stopped, and the next claim resumes them
 * @param oldestQueuedAt when the oldest queued run was asked for; null when none is queued
 */
public record QueueStats(long queued, long running, long leaseExpired, Instant oldestQueuedAt) {
}
