package dev.promptcards.server.app;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.edit.CardEditor;
import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.SpillDirectory;
import dev.promptcards.presence.bus.Bus;
import dev.promptcards.presence.bus.InProcessBus;
import dev.promptcards.presence.bus.redis.RedisBus;
import dev.promptcards.presence.bus.redis.RedisBusSettings;
import dev.promptcards.runner.assertion.Embedders;
import dev.promptcards.runner.pricing.PriceTable;
import dev.promptcards.runner.provider.Providers;
import dev.promptcards.runner.run.RunService;
import dev.promptcards.runner.run.Runner;
import dev.promptcards.runner.run.RunnerSettings;
import dev.promptcards.server.api.ApiConfig;
import dev.promptcards.persistence.admin.ApiKeyStore;
import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.admin.AuditLog;
import dev.promptcards.persistence.admin.WorkspaceStore;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.server.api.AdminServices;
import dev.promptcards.server.api.LiveCards;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.api.ApiServer;
import dev.promptcards.server.api.WorkspaceUsage;
import dev.promptcards.server.metrics.BusMeters;
import dev.promptcards.server.metrics.ProcessMetrics;
import dev.promptcards.server.net.NetworkThreads;
import dev.promptcards.server.net.PromptcardsServer;
import dev.promptcards.server.net.StoredConnectionQuotas;
import dev.promptcards.server.net.ServerConfig;
import dev.promptcards.server.room.RoomRegistry;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.ServerMetrics;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that builds the process's parts, in order, and closes them in the
 * reverse order. The metrics; the database and the card storage ({@link CardDatabase}); what the last
 * shutdown spilled, stored; the bus; the event loops; the rooms on them; the model providers and the runner
 * (its queue worker and run service); in dev mode, the welcome card; the HTTP API ({@link ApiServer}, its port
 * known to the next part); the WebSocket/HTTP server (ARCHITECTURE.md "The composition root").
 *
 * <p>{@link #close()} closes, once: the server (no new connections, every WebSocket closed with 1001), the
 * API (no new runs), the runner (runs under way go back to the queue), the providers, the rooms (their appends
 * completed, what the database does not take spilled), the event loops, the bus, the
 * storage (flushing what is pending), the database and the embedded PostgreSQL, the process meters.
 */
public final class PromptcardsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromptcardsApp.class);

    private final PromptcardsServer server;
    private final ApiServer api;
    private final RoomRegistry rooms;
    private final CardDatabase database;
    /** What to close, last built first. */
    private final Deque<AutoCloseable> parts;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PromptcardsApp(PromptcardsServer server, ApiServer api, RoomRegistry rooms, CardDatabase database,
            Deque<AutoCloseable> parts) {
        this.server = server;
        this.api = api;
        this.rooms = rooms;
        this.database = database;
        this.parts = parts;
    }

    /**
     * Builds and starts every part; when this returns the server listens and {@code /healthz} answers.
     *
     * @param config the checked configuration
     * @param out    where the operator is told about slow or notable steps (the embedded PostgreSQL
     *               starting, spilled changes stored)
     * @return the running process; close it
     * @throws AppStartException when a part cannot start (the database, the port); what started is closed
     */
    public static PromptcardsApp start(AppConfig config, PrintWriter out) {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        try {
            // every meter in one registry, scraped at /metrics: the server's, the process's, the pool's
            ServerMetrics metrics = new ServerMetrics();
            parts.push(ProcessMetrics.bind(metrics.registry()));
            CardDatabase database = CardDatabase.open(config.database(), out, metrics.registry());
            parts.push(database);
            SpillDirectory spill = replaySpill(config, database, out);
            // one id for this process: on the bus, and as the runner's worker
            String node = "node-" + UUID.randomUUID();
            Bus bus = bus(config, node);
            parts.push(bus);
            BusMeters.bind(metrics.registry(), bus);
            NetworkThreads threads = NetworkThreads.start();
            parts.push(threads);
            RoomRegistry rooms = new RoomRegistry(config.limits(), metrics, database.storage(),
                    threads::roomExecutor, spill, new BusLink(bus, config.bus().syncCheckInterval()));
            parts.push(rooms);
            Providers providers = Providers.create(config.providers());
            parts.push(providers);
            Runner runner = startRunner(config, database, rooms, providers, node);
            parts.push(runner);
            if (config.devMode()) {
                seedWelcomeCard(database, rooms);
            }
            Memberships members = Memberships.start(new WorkspaceStore(database.database().dsl()),
                    Memberships.DEFAULT_REFRESH);
            parts.push(members);
            // the API goes before the WebSocket listener, whose /client-config.json names the API's port
            DSLContext dsl = database.database().dsl();
            WorkspaceStore workspaces = new WorkspaceStore(dsl);
            StoredConnectionQuotas storedQuotas = StoredConnectionQuotas.reading(
                    workspace -> workspaces.get(workspace).map(w -> w.quotas().maxConnections()).orElse(null));
            NodeConnections connections = new NodeConnections(storedQuotas);
            ApiServer api = startApi(config, metrics, runner.service(), database, rooms, connections,
                    members);
            parts.push(api);
            PromptcardsServer server = startServer(config, metrics, rooms, threads, api.port(), storedQuotas,
                    members, providers.configured());
            parts.push(server);
            connections.attach(server);
            metrics.readiness(() -> server.accepting() && rooms.storageHealth().available());
            return new PromptcardsApp(server, api, rooms, database, parts);
        } catch (RuntimeException | Error e) {
            closeAll(parts);
            throw e;
        }
    }

    private static SpillDirectory replaySpill(AppConfig config, CardDatabase database, PrintWriter out) {
        SpillDirectory spill = new SpillDirectory(config.spillDir());
        try {
            List<CardRef> replayed = spill.replay(database.storage());
            if (!replayed.isEmpty()) {
                out.println("Stored what the last shutdown spilled to " + spill.directory() + " (the database was"
                        + " away): cards " + replayed);
            }
            return spill;
        } catch (RuntimeException e) {
            throw new AppStartException("cannot store what the last shutdown spilled to " + spill.directory()
                    + ": " + AppStartException.rootMessage(e), e);
        }
    }

    /** The Redis bus when a Redis URL is given (several nodes), else the in-process bus of a single node. */
    private static Bus bus(AppConfig config, String node) {
        if (config.bus().redisUrl() == null) {
            return new InProcessBus(new InProcessBus.Hub(), node);
        }
        try {
            return RedisBus.connect(RedisBusSettings.of(config.bus().redisUrl(), node));
        } catch (RuntimeException e) {
            // the message names host:port and the cause, never the password
            throw new AppStartException(e.getMessage(), e);
        }
    }

    /** The runner: the queue worker of this node and the run service the API calls. */
    private static Runner startRunner(AppConfig config, CardDatabase database, RoomRegistry rooms,
            Providers providers, String node) {
        PriceTable prices;
        try {
            prices = config.priceTable() == null ? PriceTable.shipped() : PriceTable.withOverride(config.priceTable());
        } catch (RuntimeException e) {
            throw new AppStartException("cannot read the price table: " + AppStartException.rootMessage(e), e);
        }
        return Runner.start(database.database().dsl(), rooms.cardEditor(), providers, prices, Embedders.local(),
                RunnerSettings.defaults(node), Clock.systemUTC());
    }

    /** Dev mode: the welcome card is a finished example a newcomer can run at once (echo, offline). */
    private static void seedWelcomeCard(CardDatabase database, RoomRegistry rooms) {
        try {
            WelcomeCard.seed(AppConfig.DEV_WORKSPACE, database.storage().cards(), rooms.cardEditor());
        } catch (Exception e) {
            // an example missing is no reason not to serve
            LOG.warn("the welcome card could not be written: {}", e.toString());
        }
    }

    private static ApiServer startApi(AppConfig config, ServerMetrics metrics, RunService runs,
            CardDatabase database, RoomRegistry rooms, NodeConnections connections, Memberships members) {
        try {
            DSLContext dsl = database.database().dsl();
            LiveCards live = new LiveCards() {
                @Override
                public void deleted(CardKey card) {
                    rooms.cardDeleted(card);
                }

                @Override
                public void restored(CardKey card) {
                    rooms.cardRestored(card);
                }
            };
            // the clock of the run service (startRunner), whose UTC day and month the run quotas count
            WorkspaceUsage usage = new WorkspaceUsage(new CardSearch(dsl), new RunStore(dsl), connections,
                    Clock.systemUTC());
            AdminServices admin = new AdminServices(new WorkspaceStore(dsl), new ApiKeyStore(dsl), new AuditLog(dsl),
                    rooms.cardEditor(), config.adminToken(), config.minter(), usage, members,
                    database.storage().cards(), new CardSearch(dsl), live);
            return ApiServer.start(new ApiConfig(config.host(), config.apiPort(), config.tls()), config.verifier(),
                    runs, admin, metrics.registry());
        } catch (RuntimeException e) {
            throw new AppStartException("cannot start the HTTP API on " + hostInUrl(config.host()) + ":"
                    + config.apiPort() + ": " + AppStartException.rootMessage(e)
                    + " (choose another port with --api-port)", e);
        }
    }


    private static PromptcardsServer startServer(AppConfig config, ServerMetrics metrics, RoomRegistry rooms,
            NetworkThreads threads, int apiPort, StoredConnectionQuotas storedQuotas, Memberships members,
            List<String> providers) {
        ServerConfig serverConfig = new ServerConfig(config.host(), config.port(), config.limits(),
                config.verifier(), config.devMode(), config.devToken(), metrics, config.tls(), apiPort, storedQuotas,
                members, providers);
        try {
            return PromptcardsServer.start(serverConfig, rooms, threads);
        } catch (RuntimeException e) {
            throw new AppStartException("cannot start the server on " + hostInUrl(config.host()) + ":"
                    + config.port() + ": " + AppStartException.rootMessage(e) + " (choose another port with --port)", e);
        }
    }

    /** An IPv6 address in brackets, as in a URL. */
    private static String hostInUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * @return the port the server listens on (the real one when the configuration said 0)
     */
    public int port() {
        return server.port();
    }

    /**
     * @return the port the HTTP API listens on (the real one when the configuration said 0)
     */
    public int apiPort() {
        return api.port();
    }

    /**
     * @return the rooms
     */
    public RoomRegistry rooms() {
        return rooms;
    }

    /**
     * @return the port through which server-side code edits cards
     */
    public CardEditor cardEditor() {
        return rooms.cardEditor();
    }

    /**
     * @return where the cards are stored, for the operator
     */
    public String databaseDescription() {
        return database.description();
    }

    /**
     * Cards whose latest changes could be stored neither in the database nor in the spill directory when
     * the rooms closed.
     *
     * @return 0 unless something was lost; meaningful after {@link #close()}
     */
    public int lostCards() {
        return rooms.lostCards();
    }

    /** Closes every part, last built first, once; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(parts);
        }
    }

    private static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.error("closing {} failed", part.getClass().getSimpleName(), e);
            }
        }
    }
}
