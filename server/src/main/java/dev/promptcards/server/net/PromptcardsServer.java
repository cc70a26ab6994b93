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
 * TLS (https://, wss://) when the configuration has a certificate. It only serves sockets: the rooms and the
 * threads are built and closed by the composition root ({@code dev.promptcards.server.app.PromptcardsApp}).
 *
 * <p>{@link #close()} shuts down gracefully: the listening socket is closed first, then every WebSocket is
 * closed with 1001 {@code "server shutting down"} (waiting briefly for the close handshakes). The rooms and
 * the event loops stay up: their owner closes them after the server.
 */
public final class PromptcardsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptcardsServer.class);

    private final ServerContext context;
    private final String transport;
    private final Channel listener;
    private final InetSocketAddress address;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private PromptcardsServer(ServerContext context, String transport, Channel listener) {
        this.context = context;
        this.transport = transport;
        this.listener = listener;
        this.address = (InetSocketAddress) listener.localAddress();
    }

    /**
     * Binds and starts serving. When this returns the socket is bound and {@code /healthz} answers 200.
     *
     * @param config  where to listen and the services to use
     * @param rooms   the rooms the connections join; built on {@code threads}
     * @param threads the event loops that accept and serve the connections
     * @return the running server; close it before the rooms and the threads
     * @throws UncheckedIOException if the address cannot be bound (in use, not local)
     * @throws IllegalArgumentException if the TLS engine refuses the configuration's certificate or key
     */
    public static PromptcardsServer start(ServerConfig config, RoomRegistry rooms, NetworkThreads threads) {
        // built once: every connection's SslHandler comes from it
        SslContext tls = config.tls() == null ? null : NettyTls.serverContext(config.tls());
        ServerContext context = ServerContext.of(config, rooms, tls);
        Channel listener;
        try {
            listener = new ServerBootstrap()
                    .group(threads.acceptors(), threads.workers())
                    .channel(threads.transport().serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new PromptcardsInitializer(context))
                    .bind(config.host(), config.port())
                    .syncUninterruptibly()
                    .channel();
        } catch (Throwable e) {
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": "
                        + io.getMessage(), io);
            }
            throw e;
        }
        context.state().accepting();
        PromptcardsServer server = new PromptcardsServer(context, threads.transport().name(), listener);
        LOG.info("listening on {}:{} ({}{}){}", server.address.getHostString(), server.port(),
                threads.transport().name(), tls == null ? "" : ", TLS", config.devMode() ? ", dev mode" : "");
        return server;
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
        return transport;
    }

    /**
     * @return whether the server accepts connections (false once closing)
     */
    public boolean accepting() {
        return context.state().isAccepting();
    }

    /**
     * @return the number of open WebSocket connections that joined a room
     */
    public int connectionCount() {
        return context.open().size();
    }

    /**
     * @param workspace a workspace
     * @return the WebSocket connections of that workspace open on this node (the slots it holds)
     */
    public int connectionCount(String workspace) {
        return context.slots().used(workspace);
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
     * Shuts down gracefully and waits for it: stops accepting, closes every WebSocket with 1001. Calling it
     * again waits for the first call to finish. Not to be called from one of the server's event loops (it
     * waits for them).
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
            LOG.info("stopped listening on {}:{} ({} WebSocket connections closed)", address.getHostString(),
                    address.getPort(), open);
        } finally {
            closed.countDown();
        }
    }
}
