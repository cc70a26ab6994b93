package dev.promptcards.loadtests.runner;

/** Which side runs the card. */
enum Side {
    OURS("ours", "promptcards"),
    PROMPTFOO("promptfoo", "promptfoo");

    /** The key in the JSON report and on the command line. */
    final String key;
    /** Its name in progress lines. */
    final String name;

    Side(String key, String name) {
        this.key = key;
        this.name = name;
    }
}
