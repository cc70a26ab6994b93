package dev.promptcards.loadtests.server;

/**
 * What every scenario gets: the load generator and the token secret (our server checks tokens;
 * the reference ignores them).
 */
record Context(LoadGenerator generator, Tokens tokens) {

  /** An editor's token for every card of the bench workspace, valid for a day. */
  String token() {
    return tokens.editor(BenchServer.WORKSPACE, 86_400);
  }

  /** Sleeps, in seconds. */
  static void sleep(double seconds) throws InterruptedException {
    Thread.sleep((long) (seconds * 1000));
  }
}
