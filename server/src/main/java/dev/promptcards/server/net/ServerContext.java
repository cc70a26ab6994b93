package dev.promptcards.server.net;

import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The services and shared state of one server that its channel handlers use. One per
 * {@link PromptcardsServer}; tests build their own around an {@code EmbeddedChannel}.
 *
 * @param limits      the limits
 * @param verifier    checks tokens
 * @param metrics     counts limit hits, scraped by {@code /metrics}
 * @param rooms       the rooms
 * @param devToken    the token put into the served page in dev mode, or null
 * @param staticFiles the files of the static page
 * @param ids         makes connection ids
 * @param slots       the cap on WebSocket connections
 * @param storedQuotas each workspace's stored connection quota, below the cap of {@code slots}
 * @param open        the open WebSocket connections (for shutdown)
 * @param state       accepting or shutting down
 * @param nanoClock   the clock of the rate limits ({@code System::nanoTime})
 * @param writers     the executor that writes to a channel: its event loop; tests use one they run
 * @param closeTimeout how long a closing connection waits for the peer before the socket is closed
 * @param tls         the TLS context every connection's {@code SslHandler} comes from, or null for plain HTTP
 * @param apiPort     the HTTP API's port on the same host, or {@link ServerConfig#NO_API}
 * @param members     the workspaces' members, which cap or refuse a connection and change it once open
 * @param providers   the model providers the runner can call, named by {@code /client-config.json}
 */
record ServerContext(Limits limits, TokenVerifier verifier, ServerMetrics metrics, RoomRegistry rooms,
                     String devToken, StaticFiles staticFiles, ConnectionIds ids, ConnectionSlots slots,
                     StoredConnectionQuotas storedQuotas, OpenConnections open, ServerState state,
                     LongSupplier nanoClock, Function<Channel, Executor> writers, Duration closeTimeout, SslContext tls,
                     int apiPort, Memberships members, List<String> providers) {

    /** How long a closing connection waits for the peer's Close frame before closing the socket. */
    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(2);

    /** The classpath folder the static page is served from. */
    static final String STATIC_ROOT = "static/";

    ServerContext {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(staticFiles, "staticFiles");
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(storedQuotas, "storedQuotas");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nanoClock, "nanoClock");
        Objects.requireNonNull(writers, "writers");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(members, "members");
        providers = List.copyOf(providers);
    }

    /**
     * The context of a server with this configuration and these rooms: static files from the classpath
     * folder {@code /static/}, the system clock, writes on each channel's event loop.
     *
     * @param config the configuration
     * @param rooms  the rooms, built from {@code config.limits()}
     * @param tls    the TLS context built from {@code config.tls()}, or null
     * @return the context
     */
    static ServerContext of(ServerConfig config, RoomRegistry rooms, SslContext tls) {
        return new ServerContext(config.limits(), config.verifier(), config.metrics(), rooms,
                config.devMode() ? config.devToken() : null,
                StaticFiles.classpath(PromptcardsServer.class.getClassLoader(), STATIC_ROOT),
                new ConnectionIds(), new ConnectionSlots(config.limits().maxConnections(),
                        config.limits().quotas().maxConnections()), config.storedQuotas(), new OpenConnections(),
                new ServerState(), System::nanoTime, Channel::eventLoop, DEFAULT_CLOSE_TIMEOUT, tls, config.apiPort(),
                config.members(), config.providers());
    }

    /**
     * This context with other static files.
     *
     * @param files the files
     * @return a copy using {@code files}
     */
    ServerContext withStaticFiles(StaticFiles files) {
        return new ServerContext(limits, verifier, metrics, rooms, devToken, files, ids, slots, storedQuotas,
                open, state, nanoClock, writers, closeTimeout, tls, apiPort, members, providers);
    }

    /**
     * This context with another clock and other writers (tests on an {@code EmbeddedChannel}).
     *
     * @param clock      the nanosecond clock of the rate limits
     * @param newWriters the executor writing to a channel
     * @return a copy using them
     */
    ServerContext withClockAndWriters(LongSupplier clock, Function<Channel, Executor> newWriters) {
        return new ServerContext(limits, verifier, metrics, rooms, devToken, staticFiles, ids, slots, storedQuotas,
                open, state, clock, newWriters, closeTimeout, tls, apiPort, members, providers);
    }

    /**
     * This context with an HTTP API beside it.
     *
     * @param port the API's port
     * @return a copy naming it
     */
    ServerContext withApiPort(int port) {
        return new ServerContext(limits, verifier, metrics, rooms, devToken, staticFiles, ids, slots, storedQuotas,
                open, state, nanoClock, writers, closeTimeout, tls, port, members, providers);
    }

    /**
     * This context naming other configured providers.
     *
     * @param names the providers' names
     * @return a copy naming them
     */
    ServerContext withProviders(List<String> names) {
        return new ServerContext(limits, verifier, metrics, rooms, devToken, staticFiles, ids, slots, storedQuotas,
                open, state, nanoClock, writers, closeTimeout, tls, apiPort, members, names);
    }

    /**
     * This context with other memberships (tests of closed workspaces).
     *
     * @param other the memberships
     * @return a copy using them
     */
    ServerContext withMembers(Memberships other) {
        return new ServerContext(limits, verifier, metrics, rooms, devToken, staticFiles, ids, slots, storedQuotas,
                open, state, nanoClock, writers, closeTimeout, tls, apiPort, other, providers);
    }

    /**
     * @return the largest frame or message a client may send, in bytes
     */
    int maxFrameBytes() {
        return (int) Math.min(Integer.MAX_VALUE, limits.maxFrameBytes());
    }
}
