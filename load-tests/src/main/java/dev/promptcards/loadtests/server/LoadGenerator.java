package dev.promptcards.loadtests.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator: Netty event loops (NIO) carrying every {@link BenchClient}'s connection, its
 * sends and its receipts. Its threads' CPU time is what tells whether the generator, rather than
 * the server, was the limit.
 */
final class LoadGenerator implements AutoCloseable {

    /** The largest message a client accepts: the B4 card (about 230 KB) and more. */
    static final int MAX_FRAME = 64 * 1024 * 1024;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<Long> threadIds = new ArrayList<>();
    private final AtomicLong nextClientId;

    LoadGenerator(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (var executor : group) {
            try {
                threadIds.add(((EventLoop) executor).submit(() -> Thread.currentThread().threadId()).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        // Yjs clientIDs are uint32: start somewhere random, count up (never two alike in a run)
        nextClientId = new AtomicLong(1 + (long) (Math.random() * 1_000_000_000L));
    }

    /** CPU seconds each event loop thread has used so far. */
    double[] threadCpuSeconds() {
        double[] cpu = new double[threadIds.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = THREADS.getThreadCpuTime(threadIds.get(i)) / 1e9;
        }
        return cpu;
    }

    /** A new client (not connected) with a clientID unique in the run. */
    BenchClient client(String card, BenchClient.Events events, int capacity) {
        return client(card, events, capacity, 0);
    }

    /** A new client of one of several nodes ({@code node}: its index), with a clientID unique in the run. */
    BenchClient client(String card, BenchClient.Events events, int capacity, int node) {
        return new BenchClient(nextClientId.getAndIncrement() & 0xFFFF_FFFFL, card, events, capacity, node);
    }

    /**
     * Connects a client; its {@link BenchClient#synced} completes once the server's SyncStep2 came
     * (or fails).
     */
    CompletableFuture<BenchClient> connect(BenchServer server, BenchClient client, String token) {
        URI uri = server.cardUri(client.card, token);
        client.frame(server.framing(), token);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false)
                .handshakeTimeoutMillis(30_000)
                .build();
        client.connectStartedNanos = System.nanoTime();
        ChannelFuture connect = bootstrap.clone()
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new HttpClientCodec(),
                                new HttpObjectAggregator(64 * 1024),
                                new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_FRAME),
                                client);
                    }
                })
                .connect(uri.getHost(), uri.getPort());
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                client.synced.completeExceptionally(f.cause());
                client.closed.complete(-1);
            }
        });
        return client.synced;
    }

    /**
     * Connects clients, at most {@code inFlight} handshakes at once (a burst of thousands overflows
     * the servers' accept queues), and waits until each synced or failed.
     *
     * @return how many failed to connect or to sync within {@code timeoutSeconds}
     */
    int connectAll(BenchServer server, List<BenchClient> clients, String token, int inFlight, long timeoutSeconds)
            throws InterruptedException {
        return connectAll(List.of(server), clients, token, inFlight, timeoutSeconds);
    }

    /** {@link #connectAll(BenchServer, List, String, int, long)}, each client to its {@link BenchClient#node}. */
    int connectAll(List<BenchServer> nodes, List<BenchClient> clients, String token, int inFlight, long timeoutSeconds)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<BenchClient>> futures = new ArrayList<>();
        for (BenchClient client : clients) {
            permits.acquire();
            CompletableFuture<BenchClient> synced = connect(nodes.get(client.node), client, token);
            synced.whenComplete((c, e) -> permits.release());
            futures.add(synced);
        }
        int failed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (CompletableFuture<BenchClient> f : futures) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                failed++;
            }
        }
        return failed;
    }

    /** Closes the clients (1000) and waits up to {@code timeoutSeconds} for their connections to end. */
    static void closeAll(List<BenchClient> clients, long timeoutSeconds) throws InterruptedException {
        for (BenchClient c : clients) {
            if (c.channel != null) {
                c.channel.eventLoop().execute(c::close);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (BenchClient c : clients) {
            if (c.channel == null) {
                continue;
            }
            try {
                c.closed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                c.channel.close();
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
