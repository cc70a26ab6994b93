package dev.promptcards.loadtests.crdt;

/**
 * How one round measures, the same for Java and Yjs.
 *
 * @param minRepeatMillis encode and parse are each repeated until this long has passed (at least
 *     once), and their figure is the mean per call: a single call of a few milliseconds is too
 *     short to time alone
 * @param memoryCopies how many docs loaded from the state are held at once to measure the heap
 *     one holds (the growth divided by their number): more copies drown the collector's noise
 */
record RoundSettings(double minRepeatMillis, int memoryCopies) {

    /** Validates the settings. */
    public RoundSettings {
        if (minRepeatMillis < 0) {
            throw new IllegalArgumentException("minRepeatMillis must be >= 0, got " + minRepeatMillis);
        }
        if (memoryCopies < 1) {
            throw new IllegalArgumentException("memoryCopies must be >= 1, got " + memoryCopies);
        }
    }

    /**
     * The default number of loaded docs held for the memory figure: about a million edits' worth
     * (4 for the whole trace), between 2 and 500.
     */
    public static int defaultMemoryCopies(int edits) {
        return (int) Math.max(2, Math.min(500, Math.ceil(1_000_000.0 / Math.max(1, edits))));
    }
}
