package dev.promptcards.server.net;

/**
 * The rule {@code message_rate} of {@link dev.promptcards.server.room.Limits#floodCloseAfter()}: tells
 * when a connection has sent more than a threshold of frames in every second, one second after the
 * other, for a given time. Counted in whole seconds from the frame that opened each one; a second
 * under the threshold, or one without any frame, starts over. Not thread-safe: one per connection,
 * used on its event loop.
 */
final class FloodDetector {

    private static final long SECOND = 1_000_000_000L;

    private final long framesPerSecond;
    private final long closeAfterNanos;
    private long secondStart;
    private long frames;
    /** When the seconds over the threshold began, or -1. */
    private long floodingSince = -1;

    /**
     * @param framesPerSecond  more frames than this in a second count as a flooding second
     * @param closeAfterNanos  how long the flood must last; 0 never reports one
     * @param now              the clock's current reading, in nanoseconds
     */
    FloodDetector(long framesPerSecond, long closeAfterNanos, long now) {
        this.framesPerSecond = framesPerSecond;
        this.closeAfterNanos = closeAfterNanos;
        this.secondStart = now;
    }

    /**
     * Counts one frame.
     *
     * @param now the clock's current reading, in nanoseconds
     * @return true if the connection has now flooded for at least the configured time
     */
    boolean frameAt(long now) {
        long sinceSecond = now - secondStart;
        if (sinceSecond >= SECOND) {
            boolean floodedThatSecond = frames > framesPerSecond && sinceSecond < 2 * SECOND;
            if (!floodedThatSecond) {
                floodingSince = -1;
            } else if (floodingSince < 0) {
                floodingSince = secondStart;
            }
            secondStart = now;
            frames = 0;
        }
        frames++;
        return closeAfterNanos > 0 && floodingSince >= 0 && now - floodingSince >= closeAfterNanos;
    }
}
