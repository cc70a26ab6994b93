package dev.promptcards.loadtests.server;

/**
 * What every scenario gets: the load generator and an editor's token for every card of the bench
 * workspace, valid for a day, signed once per run (our server checks tokens; the reference ignores
 * them).
 */
record Context(LoadGenerator generator, String token) {

    /** Sleeps, in seconds. */
    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
