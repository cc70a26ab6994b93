package dev.promptcards.server.api;

import dev.promptcards.runner.run.RunService;
import dev.promptcards.server.api.openapi.ApiOperation;
import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.members.Memberships;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API's listener: Javalin on Jetty, on its own port beside the WebSocket listener, everything under
 * {@value #BASE_PATH}. Built by one factory from its services, no static state; handlers run on virtual threads
 * (their calls block on the database); {@link #close()} stops it.
 *
 * <p>What it serves: the runs of a card ({@link RunRoutes}); workspaces, their API keys, members and audit log
 * ({@link WorkspaceRoutes}, {@link ApiKeyRoutes}, {@link MemberRoutes}, {@link AuditRoutes}), card tokens minted
 * ({@link TokenRoutes}), a card as a promptfoo config ({@link PromptfooRoutes}) and the cards themselves, listed,
 * created, read, deleted and restored ({@link CardRoutes}), when given {@link AdminServices};
 * {@code GET /api/v1/openapi.json}
 * ({@link OpenApiRoute}); every answer is JSON, every error {@code {"error": "..."}} ({@link ApiErrors}), every
 * answer allows any origin ({@link Cors}). Each request is timed in {@code promptcards_api_requests} (method,
 * route, status).
 */
public final class ApiServer implements AutoCloseable {

    /** Where every endpoint of the API lives. */
    public static final String BASE_PATH = "/api/v1";

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String STARTED = "promptcards.api.started";

    private final Javalin javalin;
    private final int port;
    private final boolean tls;
    /** What Javalin registered, {@code "GET /api/v1/..."}, as it told us (for the tests of openapi.json). */
    private final List<String> routes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(Javalin javalin, boolean tls, List<String> routes) {
        this.javalin = javalin;
        this.port = javalin.port();
        this.tls = tls;
        this.routes = List.copyOf(routes);
    }

    /**
     * Every endpoint the server answers, each described where it is installed: the runs, the admin endpoints
     * when there are admin services, and openapi.json describing them all (it is generated from this list).
     * To add an endpoint, return one more {@link ApiOperation} from its routes class's {@code operations()}.
     */
    private static List<ApiOperation> operations(TokenVerifier verifier, RunService runs, AdminServices admin) {
        Memberships members = admin == null ? Memberships.open() : admin.members();
        AdminAccess access = admin == null ? null
                : new AdminAccess(verifier, admin.apiKeys(), members, admin.adminToken());
        List<ApiOperation> operations = new ArrayList<>(new RunRoutes(new Access(verifier, members), access, runs)
                .operations());
        if (admin != null) {
            operations.addAll(new WorkspaceRoutes(access, admin).operations());
            operations.addAll(new ApiKeyRoutes(access, admin).operations());
            operations.addAll(new MemberRoutes(access, admin).operations());
            operations.addAll(new AuditRoutes(access, admin).operations());
            operations.addAll(new PromptfooRoutes(access, admin).operations());
            operations.addAll(new TokenRoutes(access, admin).operations());
            if (admin.servesCards()) {
                operations.addAll(new CardRoutes(access, admin).operations());
                operations.addAll(new ShareRoutes(access, admin).operations());
            }
        }
        operations.add(OpenApiRoute.describing(operations).operation());
        return operations;
    }

    /**
     * Binds and starts serving; when this returns the port is bound and every endpoint answers.
     *
     * @param config   where to listen, TLS, the body limit
     * @param verifier checks the bearer tokens (the WebSocket listener's)
     * @param runs     the runs the endpoints start, list, read and cancel
     * @param metrics  where the requests are timed
     * @return the running server; close it
     * @throws UncheckedIOException when the address cannot be bound (the port in use, the host not local)
     */
    public static ApiServer start(ApiConfig config, TokenVerifier verifier, RunService runs, MeterRegistry metrics) {
        return start(config, verifier, runs, null, metrics);
    }

    /**
     * Binds and starts serving, the admin endpoints too; when this returns the port is bound and every endpoint
     * answers.
     *
     * @param config   where to listen, TLS, the body limit
     * @param verifier checks the bearer tokens (the WebSocket listener's)
     * @param runs     the runs the endpoints start, list, read and cancel
     * @param admin    the workspaces, keys and audit log of the admin endpoints, or null for none
     * @param metrics  where the requests are timed
     * @return the running server; close it
     * @throws UncheckedIOException when the address cannot be bound (the port in use, the host not local)
     */
    public static ApiServer start(ApiConfig config, TokenVerifier verifier, RunService runs, AdminServices admin,
            MeterRegistry metrics) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(metrics, "metrics");
        List<ApiOperation> operations = operations(verifier, runs, admin);
        ApiErrors errors = new ApiErrors(config.maxBodyBytes());
        boolean tls = config.tls() != null;
        List<String> routes = new ArrayList<>();
        Javalin javalin = Javalin.create(javalinConfig -> {
            configure(javalinConfig, config);
            javalinConfig.events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    routes.add(handler.getHttpMethod().name() + " " + handler.getPath());
                }
            });
            javalinConfig.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                ResponseHeaders.add(ctx, tls);
                Cors.before(ctx);
            });
            for (ApiOperation operation : operations) {
                javalinConfig.routes.addHttpHandler(operation.method(), operation.path(), operation.handler());
            }
            errors.install(javalinConfig.routes);
            javalinConfig.routes.after(ctx -> time(metrics, ctx));
        });
        try {
            javalin.start();
        } catch (RuntimeException e) {
            javalin.stop();
            Throwable bind = rootCause(e);
            String problem = bind instanceof BindException || bind instanceof IOException
                    ? bind.getMessage() : e.getMessage();
            throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + problem,
                    bind instanceof IOException io ? io : new IOException(problem, e));
        }
        ApiServer server = new ApiServer(javalin, tls, routes);
        LOG.info("API listening on {}:{}{} ({})", config.host(), server.port(), BASE_PATH, tls ? "TLS" : "plain HTTP");
        return server;
    }

    private static void configure(JavalinConfig javalin, ApiConfig config) {
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        javalin.startup.startupWatcherEnabled = false;
        javalin.http.maxRequestSize = config.maxBodyBytes();
        javalin.http.prefer405over404 = true;
        javalin.router.ignoreTrailingSlashes = true;
        javalin.concurrency.useVirtualThreads = true;
        javalin.jetty.threadPool = threadPool();
        javalin.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
        javalin.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, 1, 1, ApiTls.factories(config.tls(), http));
            connector.setHost(config.host());
            connector.setPort(config.port());
            return connector;
        });
    }

    /**
     * Jetty's pool for its selector and acceptor, the handlers on virtual threads (Jetty hands them blocking
     * work when the pool has a virtual threads executor).
     */
    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("promptcards-api");
        if (VirtualThreads.areSupported()) {
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("promptcards-api-v"));
        }
        return pool;
    }

    private static void time(MeterRegistry metrics, Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        String route = endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
        Timer.builder("promptcards.api.requests")
                .description("Requests to the HTTP API, by method, route and status")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * @return the port the API listens on (the one chosen when the configuration said 0)
     */
    public int port() {
        return port;
    }

    /** @return every method and path Javalin registered, {@code "GET /api/v1/openapi.json"}, in that order */
    List<String> routes() {
        return routes;
    }

    /**
     * @return whether the API speaks TLS (https://)
     */
    public boolean tls() {
        return tls;
    }

    /** Stops listening and waits for the requests under way; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            javalin.stop();
            LOG.info("API stopped listening on port {}", port);
        }
    }
}
