package dev.promptcards.presence;

/**
 * What awareness.js keeps per client in {@code awareness.meta} ({@code MetaClientState}): the newest clock
 * seen and when it was last set (milliseconds of the injected clock; awareness.js uses
 * {@code time.getUnixTime()}, i.e. {@code Date.now()}). Kept for {@link Awareness#OUTDATED_TIMEOUT_MILLIS}
 * after the client's state is removed, so that stale messages stay refused, then forgotten
 * ({@link Awareness#removeOutdated()}).
 *
 * @param clock       0 .. 2^53 - 1
 * @param lastUpdated milliseconds of the awareness' clock
 */
record ClientMeta(long clock, long lastUpdated) {
}
