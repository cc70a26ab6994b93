package dev.promptcards.loadtests.server;

/** Which server a figure is of. */
enum Side {
    OURS("ours", "promptcards"),
    REFERENCE("reference", "y-websocket-server");

    /** The key in the JSON report and on the command line. */
    final String key;
    /** The server's name in progress lines. */
    final String name;

    Side(String key, String name) {
        this.key = key;
        this.name = name;
    }
}
