package dev.promptcards.server.net;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of the process: one that accepts connections, and one per processor that serves them and,
 * lent to the {@link dev.promptcards.server.room.RoomRegistry}, runs the rooms (a room on the loop of the
 * connection that opened it: its frames to the members on that loop then go out without a thread switch or
 * a wakeup, which the server benchmark showed as a large part of the CPU per message, docs/benchmarks.md).
 * Room tasks never block. Built by the composition root before the rooms and the server, closed after both.
 */
public final class NetworkThreads implements AutoCloseable {

    /** How long closing waits for the event loops to finish. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final Transport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;

    private NetworkThreads(Transport transport, EventLoopGroup acceptors, EventLoopGroup workers) {
        this.transport = transport;
        this.acceptors = acceptors;
        this.workers = workers;
    }

    /**
     * Starts the event loops on the best transport of this machine (epoll, else NIO).
     *
     * @return the threads; close them after the server and the rooms
     */
    public static NetworkThreads start() {
        Transport transport = Transport.detect();
        EventLoopGroup acceptors = transport.newGroup(1, "promptcards-accept");
        // one event loop per processor, not Netty's default of two: nothing on the loops blocks, and
        // fewer loops put more of a room's members on the room's own loop
        EventLoopGroup workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), "promptcards-io");
        return new NetworkThreads(transport, acceptors, workers);
    }

    /**
     * The executor a new room runs on: the event loop running the caller (the connection that opens the
     * room), or the next loop when the caller is not one of them.
     *
     * @return one of the serving event loops
     */
    public Executor roomExecutor() {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return workers.next();
    }

    Transport transport() {
        return transport;
    }

    EventLoopGroup acceptors() {
        return acceptors;
    }

    EventLoopGroup workers() {
        return workers;
    }

    /** Stops the event loops and waits for them, up to 5 s. Not to be called from one of them. */
    @Override
    public void close() {
        long timeout = SHUTDOWN_TIMEOUT.toMillis();
        acceptors.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
        acceptors.terminationFuture().awaitUninterruptibly(timeout);
        workers.terminationFuture().awaitUninterruptibly(timeout);
    }
}
