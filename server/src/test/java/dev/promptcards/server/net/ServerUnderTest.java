package dev.promptcards.server.net;

import dev.promptcards.persistence.CardStorage;
import dev.promptcards.server.room.RoomRegistry;

/**
 * A {@link PromptcardsServer} with the rooms and threads the composition root would give it, for the tests
 * of the network layer: built in the root's order and closed in the reverse one.
 */
final class ServerUnderTest implements AutoCloseable {

    private final NetworkThreads threads;
    private final RoomRegistry rooms;
    private final PromptcardsServer server;

    private ServerUnderTest(NetworkThreads threads, RoomRegistry rooms, PromptcardsServer server) {
        this.threads = threads;
        this.rooms = rooms;
        this.server = server;
    }

    /** Starts a server on {@code config} whose rooms use {@code storage}; what started is closed on failure. */
    static ServerUnderTest start(ServerConfig config, CardStorage storage) {
        NetworkThreads threads = NetworkThreads.start();
        RoomRegistry rooms = new RoomRegistry(config.limits(), config.metrics(), storage, threads::roomExecutor);
        try {
            return new ServerUnderTest(threads, rooms, PromptcardsServer.start(config, rooms, threads));
        } catch (RuntimeException e) {
            rooms.close();
            threads.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    String transport() {
        return server.transport();
    }

    int connectionCount() {
        return server.connectionCount();
    }

    /** Closes the server (every WebSocket with 1001), then the rooms, then the threads. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            rooms.close();
            threads.close();
        }
    }
}
