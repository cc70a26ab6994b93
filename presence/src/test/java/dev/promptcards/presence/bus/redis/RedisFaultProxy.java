package dev.promptcards.presence.bus.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of Redis, on a free port of 127.0.0.1, that injects faults without hooks in the code
 * under test: {@link #cut(Duration)} closes every connection and refuses new ones for a while;
 * {@link #dropShare(double)} drops that share of the pub/sub message pushes Redis sends to the clients (chosen
 * by a Random with the given seed). Everything else passes through byte for byte. Plain TCP only: a
 * {@code rediss://} Redis cannot be inspected (dropShare) through it.
 */
public final class RedisFaultProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final String targetUrl;
    private final ServerSocket listener;
    private final Random random;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong passed = new AtomicLong();
    private volatile double dropShare;
    private volatile long refuseUntilNanos = System.nanoTime();
    private volatile boolean closed;

    /**
     * Starts a proxy in front of the Redis of a URL.
     *
     * @param redisUrl the Redis's URL ({@link TestRedis#url()})
     * @param seed     the seed of the Random that picks the messages to drop
     */
    public RedisFaultProxy(String redisUrl, long seed) {
        URI uri = URI.create(redisUrl);
        this.targetHost = uri.getHost();
        this.targetPort = uri.getPort() < 0 ? 6379 : uri.getPort();
        this.targetUrl = redisUrl;
        this.random = new Random(seed);
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("the proxy could not listen", e);
        }
        Thread.ofVirtual().name("redis-fault-proxy-accept").start(this::acceptLoop);
    }

    /**
     * Starts a proxy in front of a test Redis.
     *
     * @param redis the Redis
     * @param seed  the seed of the Random that picks the messages to drop
     * @return the proxy
     */
    public static RedisFaultProxy inFrontOf(TestRedis redis, long seed) {
        return new RedisFaultProxy(redis.url(), seed);
    }

    /**
     * The Redis URL with the proxy's address in place of Redis's (password and database kept).
     *
     * @return the URL to give the code under test
     */
    public String url() {
        URI uri = URI.create(targetUrl);
        String authority = uri.getRawAuthority();
        String userInfo = uri.getRawUserInfo();
        String proxied = (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + port();
        return targetUrl.replaceFirst(java.util.regex.Pattern.quote(authority),
                java.util.regex.Matcher.quoteReplacement(proxied));
    }

    /**
     * The proxy's port.
     *
     * @return the port on 127.0.0.1
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Closes every connection through the proxy now and refuses new ones (accepts and closes them at once) for
     * a while.
     *
     * @param duration how long new connections are refused
     */
    public void cut(Duration duration) {
        refuseUntilNanos = System.nanoTime() + duration.toNanos();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /**
     * Drops a share of the pub/sub message pushes from now on.
     *
     * @param share 0 (none, the default) to 1 (all)
     */
    public void dropShare(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("the share must be 0 to 1: " + share);
        }
        this.dropShare = share;
    }

    /**
     * The message pushes dropped so far.
     *
     * @return the count
     */
    public long dropped() {
        return dropped.get();
    }

    /**
     * The message pushes passed on so far.
     *
     * @return the count
     */
    public long passed() {
        return passed.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(RedisFaultProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (System.nanoTime() - refuseUntilNanos < 0) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            sockets.add(client);
            sockets.add(server);
            Thread.ofVirtual().name("redis-fault-proxy-up").start(() -> pump(client, server));
            Thread.ofVirtual().name("redis-fault-proxy-down").start(() -> filter(server, client));
        }
    }

    /** Client to Redis: bytes as they come. */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            end(from, to);
        }
    }

    /** Redis to client: whole values, minus the message pushes picked to be dropped. */
    private void filter(Socket from, Socket to) {
        try (InputStream in = new BufferedInputStream(from.getInputStream());
                OutputStream out = to.getOutputStream()) {
            RespFrameReader reader = new RespFrameReader(in);
            for (RespFrameReader.Frame frame = reader.next(); frame != null; frame = reader.next()) {
                if (frame.message()) {
                    if (drop()) {
                        dropped.incrementAndGet();
                        continue;
                    }
                    passed.incrementAndGet();
                }
                out.write(frame.bytes());
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close both below
        } finally {
            end(from, to);
        }
    }

    private boolean drop() {
        synchronized (random) {
            double share = dropShare;
            return share > 0 && random.nextDouble() < share;
        }
    }

    private void end(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
