package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.RoomRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promptcards server process's network side: HTTP ({@code /healthz}, {@code /metrics}, the static page)
 * and the y-websocket endpoint {@code /ws/{workspace}/{card}}, on native epoll when available, else NIO; over
 * TLS (https://, wss://) when the configuration has a certificate.
 *
 * <pre>{@code
 * try (PromptcardsServer server = PromptcardsServer.start(config)) {
 *     System.out.println("http://" + config.host() + ":" + server.port() + "/");
 *     server.awaitClose();
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: the listening socket is closed first, every WebSocket is
 * closed with 1001 {@code "server shutting down"} (waiting briefly for the close handshakes), the rooms are
 * closed ({@link RoomRegistry#close()}: their appends complete), then the event loops stop and are waited
 * for. The storage of the configuration stays open: its owner closes it after the server.
 */
public final class PromptcardsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptcardsServer.class);

    /** How long shutdown waits for the event loops to finish. */
    private static final Duration LOOP_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final ServerContext context;
    private final Transport transport;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final InetSocketAddress address;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private PromptcardsServer(ServerContext context, Transport transport, EventLoopGroup acceptors,
                              EventLoopGroup workers, Channel listener) {
        this.context = context;
        this.transport = transport;
        this.acceptors = acceptors;
        this.workers = workers;
        this.listener = listener;
        this.address = (InetSocketAddress) listener.localAddress();
    }

    /**
     * Binds and starts serving. When this returns the socket is bound and {@code /healthz} answers 200.
     *
     * @param config where to listen and the services to use; the rooms are built from its limits
     * @return the running server; close it
     * @throws UncheckedIOException if the address cannot be bound (in use, not local)
     * @throws IllegalArgumentException if the TLS engine refuses the configuration's certificate or key
     */
    public static PromptcardsServer start(ServerConfig config) {
        // built once, before anything that would need closing: every connection's SslHandler comes from it
        SslContext tls = config.tls() == null ? null : NettyTls.serverContext(config.tls());
        Transport transport = Transport.detect();
        EventLoopGroup acceptors = transport.newGroup(1, "promptcards-accept");
        // one event loop per processor, not Netty's default of two: nothing on the loops blocks, and
        // fewer loops put more of a room's members on the room's own loop
        EventLoopGroup workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), "promptcards-io");
        RoomRegistry rooms = newRooms(config, workers);
        ServerContext context = ServerContext.of(config, rooms, tls);
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptors, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new PromptcardsInitializer(context))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
            context.state().accepting();
            config.metrics().readiness(() -> context.state().isAccepting() && rooms.storageHealth().available());
            PromptcardsServer server = new PromptcardsServer(context, transport, acceptors, workers, listener);
            LOG.info("listening on {}:{} ({}{}){}", server.address.getHostString(), server.port(), transport.name(),
                    tls == null ? "" : ", TLS", config.devMode() ? ", dev mode" : "");
            return server;
        } catch (Throwable e) {
            rooms.close(); // before the loops: its rooms run on them
            acceptors.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + io.getMessage(), io);
            }
            throw e;
        }
    }

    /**
     * Rooms run on the event loops: a room on the loop of the connection that opened it. Its frames to the
     * members on that loop then go out without a thread switch or a wakeup, which the server benchmark
     * showed as a large part of the CPU per message (docs/benchmarks.md). Room tasks never block (card
     * loads run on the registry's virtual threads).
     */
    private static RoomRegistry newRooms(ServerConfig config, EventLoopGroup workers) {
        return new RoomRegistry(config.limits(), config.metrics(), config.storage(), () -> callersLoop(workers),
                config.spill());
    }

    /** The event loop running the caller, or the group's next one when the caller is not one of them. */
    private static EventExecutor callersLoop(EventLoopGroup workers) {
        for (EventExecutor loop : workers) {
            if (loop.inEventLoop()) {
                return loop;
            }
        }
        return workers.next();
    }

    /**
     * @return the port the server listens on (the one chosen when the configuration said 0)
     */
    public int port() {
        return address.getPort();
    }

    /**
     * @return the address the server listens on
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * @return {@code "epoll"} or {@code "nio"}
     */
    public String transport() {
        return transport.name();
    }

    /**
     * @return the number of open WebSocket connections that joined a room
     */
    public int connectionCount() {
        return context.open().size();
    }

    /**
     * @return the rooms of this server
     */
    public RoomRegistry rooms() {
        return context.rooms();
    }

    /**
     * Waits until {@link #close()} has finished (from another thread, e.g. a shutdown hook).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Shuts down gracefully and waits for it: stops accepting, closes every WebSocket with 1001, closes the
     * rooms, stops the event loops. Calling it again waits for the first call to finish. Not to be called
     * from one of the server's event loops (it waits for them).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            context.state().stopAccepting();
            listener.close().syncUninterruptibly();
            int open = context.open().size();
            context.open().closeAll(CloseCodes.GOING_AWAY, WebSocketUpgradeHandler.SHUTTING_DOWN,
                    context.closeTimeout().plusSeconds(1));
            context.rooms().close();
            long timeout = LOOP_SHUTDOWN_TIMEOUT.toMillis();
            acceptors.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, timeout, TimeUnit.MILLISECONDS);
            acceptors.terminationFuture().awaitUninterruptibly(timeout);
            workers.terminationFuture().awaitUninterruptibly(timeout);
            LOG.info("stopped listening on {}:{} ({} WebSocket connections closed)", address.getHostString(),
                    address.getPort(), open);
        } finally {
            closed.countDown();
        }
    }
}
