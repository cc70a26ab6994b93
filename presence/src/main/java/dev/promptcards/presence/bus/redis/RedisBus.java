package dev.promptcards.presence.bus.redis;

import dev.promptcards.card.CardKey;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.BusListener;
import dev.promptcards.presence.bus.BusMessage;
import dev.promptcards.presence.bus.BusStatus;
import dev.promptcards.presence.bus.Subscription;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bus of several nodes, through Redis pub/sub (Lettuce): one channel per card
 * ({@code promptcards:card:{workspace}/{card}}), subscribed while the card has listeners on this node; a heartbeat
 * key per node ({@code promptcards:node:{id}}, with a TTL) so that the others notice when a node stops.
 *
 * <p>Publishing never waits for Redis: while Redis is away, messages are dropped and counted
 * ({@link BusStatus#publishFailures()}). Once both connections are back and every card channel is subscribed
 * again, every listener is told {@link BusListener#resumed()}.
 */
public final class RedisBus implements Bus {

    private static final System.Logger LOG = System.getLogger(RedisBus.class.getName());
    /**
     * Commands Lettuce holds while a connection is busy; beyond it a command fails at once (Lettuce
     * ClientOptions.requestQueueSize, unbounded by default).
     */
    static final int REQUEST_QUEUE_SIZE = 10_000;
    /** Reconnect attempts back off from 50 ms to 1 s (Lettuce's default goes to 30 s, longer than a TTL). */
    private static final Delay RECONNECT_DELAY =
            Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS);
    /** Connects tried before giving up, when a handshake broke off without saying why (see isHandshakeRace). */
    private static final int CONNECT_ATTEMPTS = 3;
    /** How soon a resume is tried again when a connection is up but the other not yet. */
    private static final long RESUME_RETRY_MILLIS = 100;

    private final RedisBusSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> commands;
    private final StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private final CardPublisher publisher;
    private final CardSubscriptions subscriptions;
    private final NodeLiveness liveness;
    private final MessageDelivery delivery;
    private final ConnectionWatch watch;
    private final ScheduledExecutorService heartbeat;
    private final AtomicBoolean resuming = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Before this time (System.nanoTime) no node is declared gone: the others may not have beaten again yet. */
    private volatile long judgeAfterNanos;

    private RedisBus(RedisBusSettings settings, ClientResources resources, RedisClient client,
            StatefulRedisConnection<byte[], byte[]> commands, StatefulRedisPubSubConnection<byte[], byte[]> pubsub) {
        this.settings = settings;
        this.resources = resources;
        this.client = client;
        this.commands = commands;
        this.pubsub = pubsub;
        this.publisher = new CardPublisher(commands.async(), settings.nodeId());
        this.subscriptions = new CardSubscriptions(pubsub.async());
        this.liveness = new NodeLiveness(commands.sync(), settings.nodeId(), settings.ttl());
        this.delivery = new MessageDelivery(settings.nodeId(), subscriptions, liveness);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "promptcards-redis-heartbeat-" + settings.nodeId());
            thread.setDaemon(true);
            return thread;
        });
        this.watch = new ConnectionWatch(commands, pubsub, settings.hostAndPort(),
                () -> heartbeat.execute(this::tryResume));
    }

    /**
     * Connects to Redis, writes this node's heartbeat and starts renewing it. After this, Lettuce reconnects on
     * its own whenever the connection is lost.
     *
     * @param settings where Redis is and this node's id
     * @return the bus
     * @throws IllegalStateException if Redis cannot be reached or refuses the credentials; the message names
     *                               host:port and the cause, never the password
     */
    public static RedisBus connect(RedisBusSettings settings) {
        Objects.requireNonNull(settings, "settings");
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY)
                .build();
        RedisClient client = RedisClient.create(resources, settings.toRedisUri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while disconnected, fail at once instead of queueing (Lettuce ClientOptions.DisconnectedBehavior)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE_SIZE)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.connectTimeout()))
                .build());
        StatefulRedisConnection<byte[], byte[]> commands = null;
        StatefulRedisPubSubConnection<byte[], byte[]> pubsub = null;
        for (int attempt = 1; ; attempt++) {
            try {
                commands = client.connect(ByteArrayCodec.INSTANCE);
                pubsub = client.connectPubSub(ByteArrayCodec.INSTANCE);
                RedisBus bus = new RedisBus(settings, resources, client, commands, pubsub);
                bus.start();
                return bus;
            } catch (RuntimeException e) {
                if (attempt < CONNECT_ATTEMPTS && isHandshakeRace(e)) {
                    LOG.log(Level.DEBUG, "Redis handshake at {0} broke off without a reason, trying again: {1}",
                            settings.hostAndPort(), settings.scrub(rootMessage(e)));
                    closeConnections(commands, pubsub);
                    commands = null;
                    pubsub = null;
                    continue;
                }
                closeQuietly(commands, pubsub, client, resources);
                throw new IllegalStateException("cannot use Redis at " + settings.hostAndPort() + " ("
                        + settings.redactedUrl() + "): " + settings.scrub(rootMessage(e)), e);
            }
        }
    }

    /**
     * Whether a failed connect says nothing about Redis: neither a refused or timed-out connection nor an error
     * reply such as WRONGPASS. Under CPU load Lettuce's handshake can lose its own reason to a race between the
     * failed HELLO and the channel closing ("Connection closed prematurely", "RedisHandshakeHandler not
     * registered"); another attempt then tells the real one.
     */
    private static boolean isHandshakeRace(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandExecutionException || cause instanceof ConnectException
                    || cause instanceof RedisCommandTimeoutException) {
                return false;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return true;
    }

    private void start() {
        pubsub.addListener(delivery);
        client.addListener(watch);
        liveness.beatAndCheck(false);
        long period = settings.heartbeatPeriod().toMillis();
        heartbeat.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "bus connected to Redis at {0} as node {1}", settings.redactedUrl(), settings.nodeId());
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public void publish(CardKey card, BusMessage.Kind kind, byte[] payload) {
        publisher.publish(Objects.requireNonNull(card, "card"), null, kind, payload);
    }

    @Override
    public void send(CardKey card, String to, BusMessage.Kind kind, byte[] payload) {
        publisher.publish(Objects.requireNonNull(card, "card"), Objects.requireNonNull(to, "to"), kind, payload);
    }

    @Override
    public Subscription subscribe(CardKey card, BusListener listener) {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(listener, "listener");
        if (closed.get()) {
            return () -> { };
        }
        return subscriptions.add(card, listener);
    }

    @Override
    public BusStatus status() {
        return new BusStatus("redis", !closed.get() && watch.connected(), publisher.published(), delivery.received(),
                publisher.failures(), watch.reconnects(), liveness.liveNodes());
    }

    /**
     * Messages from the card channels that did not decode (another format, or not a bus message); dropped.
     *
     * @return the count
     */
    public long rejectedMessages() {
        return delivery.rejected();
    }

    /** One heartbeat: resume if the connection came back, renew the heartbeat, look for nodes that are gone. */
    private void tick() {
        tryResume();
        try {
            boolean mayJudge = watch.connected() && System.nanoTime() - judgeAfterNanos >= 0;
            List<String> gone = liveness.beatAndCheck(mayJudge);
            for (String node : gone) {
                LOG.log(Level.INFO, "node {0} is gone (its heartbeat expired)", node);
                subscriptions.tellAll("nodeGone", listener -> listener.nodeGone(node));
            }
        } catch (RuntimeException e) {
            // Redis away: the watch logs it once; nothing is judged until it is back
            LOG.log(Level.DEBUG, "heartbeat failed", e);
        }
    }

    /**
     * After a loss, once both connections are up: subscribes every card again, and when Redis answered, tells
     * every listener {@link BusListener#resumed()}.
     */
    private void tryResume() {
        if (closed.get()) {
            return;
        }
        long outage = watch.resumable();
        if (outage < 0 || !resuming.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<?> ping = commands.async().ping().toCompletableFuture();
        CompletableFuture.allOf(ping, subscriptions.resubscribeAll()).whenComplete((ignored, error) -> {
            resuming.set(false);
            if (error == null && watch.resumed(outage)) {
                // Redis may have restarted and lost every heartbeat: give the others one TTL to write theirs
                judgeAfterNanos = System.nanoTime() + settings.ttl().toNanos();
                subscriptions.tellAll("resumed", BusListener::resumed);
            } else if (error != null && !closed.get()) {
                heartbeat.schedule(this::tryResume, RESUME_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops the heartbeat, deletes this node's heartbeat key, closes the connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        publisher.close();
        watch.close();
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            liveness.delete();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not delete the heartbeat of node {0} (it expires on its own): {1}",
                    settings.nodeId(), settings.scrub(rootMessage(e)));
        }
        closeQuietly(commands, pubsub, client, resources);
    }

    private static void closeConnections(StatefulRedisConnection<?, ?> commands,
            StatefulRedisPubSubConnection<?, ?> pubsub) {
        if (pubsub != null) {
            pubsub.close();
        }
        if (commands != null) {
            commands.close();
        }
    }

    private static void closeQuietly(StatefulRedisConnection<?, ?> commands, StatefulRedisPubSubConnection<?, ?> pubsub,
            RedisClient client, ClientResources resources) {
        try {
            closeConnections(commands, pubsub);
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing the Redis client failed", e);
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + ": " + message;
    }
}
