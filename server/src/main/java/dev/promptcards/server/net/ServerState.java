package dev.promptcards.server.net;

/**
 * Whether the server takes new connections: true once the socket is bound, false from the moment
 * {@link PromptcardsServer#close()} begins. Read by {@code /healthz} and by the upgrade. Thread-safe.
 */
final class ServerState {

    private volatile boolean accepting;

    /** Marks the server as accepting connections (its socket is bound). */
    void accepting() {
        accepting = true;
    }

    /** Marks the server as shutting down: health turns 503, new upgrades are closed with 1001. */
    void stopAccepting() {
        accepting = false;
    }

    /**
     * @return true while the server accepts connections
     */
    boolean isAccepting() {
        return accepting;
    }
}
