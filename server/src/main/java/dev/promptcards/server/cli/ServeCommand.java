package dev.promptcards.server.cli;

import dev.promptcards.server.app.AppStartException;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.api.ApiConfig;
import dev.promptcards.server.auth.DevSecretFile;
import dev.promptcards.server.auth.JwtTokenVerifier;
import dev.promptcards.server.room.BusLink;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.PresenceBounds;
import dev.promptcards.server.room.UpdateBounds;
import dev.promptcards.server.room.WorkspaceQuotas;
import dev.promptcards.server.tls.TlsCredentials;
import dev.promptcards.server.tls.TlsFileException;
import dev.promptcards.server.tls.TlsFiles;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code promptcards serve}: checks its settings, starts the WebSocket server ({@link
 * RunningServer}), prints the URL to open, and runs until SIGTERM or SIGINT, then closes the
 * server gracefully and exits with 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Start the promptcards server: the y-websocket endpoint ws://HOST:PORT/ws/{workspace}/{card}"
                    + " (token in ?token= or Sec-WebSocket-Protocol), the card editor at"
                    + " http://HOST:PORT/w/{workspace}/c/{card},"
                    + " /healthz and /metrics, and the HTTP API at http://HOST:API_PORT/api/v1"
                    + " (https:// and wss:// with --tls-cert and --tls-key)."
                    + " Runs until Ctrl-C or SIGTERM, then closes every connection and exits.",
            "",
            "Without a JWT setting, bound to loopback, it runs in dev mode: it mints an editor's"
                    + " token for the page it serves.",
            "",
            "Cards are stored in PostgreSQL and survive restarts: an embedded PostgreSQL keeping its"
                    + " files in the data directory (./promptcards-data by default), or the one of --db-url.",
            "",
            "Each option can also be set by its environment variable; a flag on the command line"
                    + " wins. Sizes are bytes or KiB/MiB/GiB (4MiB), durations ms/s/m/h (10s)."
        })
final class ServeCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "127.0.0.1";
    /**
     * The exit code of a shutdown that could store some cards' latest changes neither in the database nor
     * in the spill directory (the log names them).
     */
    static final int EXIT_CHANGES_LOST = 3;

    /** Where the embedded PostgreSQL keeps its files when no --data-dir is given: ./promptcards-data. */
    static final Path DEFAULT_DATA_DIR = Path.of("promptcards-data");
    /** HS256 needs a key of at least 256 bits (RFC 7518 section 3.2). */
    static final int MIN_JWT_SECRET_BYTES = JwtTokenVerifier.MIN_SECRET_BYTES;
    /** The shortest admin token taken: as long as a JWT secret must be, since it opens every workspace. */
    static final int MIN_ADMIN_TOKEN_CHARS = 32;

    private static final Limits LIMIT_DEFAULTS = Limits.defaults();
    private static final UpdateLogSettings STORAGE_DEFAULTS = UpdateLogSettings.defaults();

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec CommandSpec spec;

    // Each option's environment variable follows from its long name (EnvironmentDefaults), its
    // default is the field's initial value unless its @Env says otherwise; the help and the
    // README's table are made from these declarations (OptionDocs).

    @Option(
            names = "--port",
            paramLabel = "PORT",
            converter = Converters.Port.class,
            description = "Port to listen on, 0 to 65535 (0: any free port).")
    int port = DEFAULT_PORT;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            converter = Converters.Port.class,
            description = "Port of the HTTP API (/api/v1: start, list and cancel test runs), 0 to 65535 (0: any"
                    + " free port); on the same host and with the same TLS as --port.")
    int apiPort = ApiConfig.DEFAULT_PORT;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            converter = Converters.Host.class,
            description = "Address or host name to bind to. A non-loopback address needs --jwt-secret"
                    + " or --jwt-public-key.")
    BindAddress host = BindAddress.resolve(DEFAULT_HOST);

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            converter = Converters.NonEmptyPath.class,
            description = "Directory of the server's local data: the embedded PostgreSQL keeps its files"
                    + " in DIR/postgres when no --db-url is given.")
    Path dataDir = DEFAULT_DATA_DIR;

    @Option(
            names = "--spill-dir",
            paramLabel = "DIR",
            converter = Converters.NonEmptyPath.class,
            description = "Where a shutdown while the database is away writes what it could not store;"
                    + " the next start stores it before serving.")
    @Env(defaultText = "DATA_DIR/spill")
    Path spillDir;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            converter = Converters.PostgresUrl.class,
            description = "PostgreSQL to store the cards in (jdbc:postgresql://HOST:PORT/DATABASE; user"
                    + " and password may be URL parameters).")
    @Env(defaultText = "an embedded PostgreSQL in DATA_DIR/postgres")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "USER",
            description = "User for --db-url (instead of a user parameter in the URL).")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "PASSWORD",
            description = "Password for --db-url.")
    @Env(secret = true)
    String dbPassword;

    @Option(
            names = "--group-commit-window",
            paramLabel = "DURATION",
            converter = Converters.DurationOrZero.class,
            description = "How long the storage collects updates to commit them in one transaction (an"
                    + " update is echoed to its sender once committed); 0 commits at once.")
    Duration groupCommitWindow = STORAGE_DEFAULTS.groupCommitWindow();

    @Option(
            names = "--compact-after-rows",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "Fold a card's update log into a new snapshot once it has this many rows.")
    int compactAfterRows = Math.toIntExact(STORAGE_DEFAULTS.compactAfterRows());

    @Option(
            names = "--compact-after-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "Fold a card's update log into a new snapshot once its rows hold this many"
                    + " bytes (or --compact-after-rows rows).")
    DataSize compactAfterBytes = new DataSize(STORAGE_DEFAULTS.compactAfterBytes());

    @Option(
            names = "--redis-url",
            paramLabel = "URL",
            converter = Converters.RedisUrl.class,
            description = "Redis for the cross-node bus (redis://[:PASSWORD@]HOST:PORT[/DB] or rediss:// for TLS):"
                    + " nodes sharing one PostgreSQL and one Redis serve the same cards together.")
    @Env(defaultText = "none (a single node, in-process bus)")
    URI redisUrl;

    @Option(
            names = "--bus-sync-interval",
            paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "How often each card a node has loaded asks the other nodes whether it lacks something"
                    + " (what a lost last message leaves behind); lost messages found otherwise heal at once.")
    Duration busSyncInterval = BusLink.DEFAULT_SYNC_CHECK_INTERVAL;

    @Option(
            names = "--admin-token",
            paramLabel = "TOKEN",
            description = "The operator's token for the admin API (workspaces, API keys, audit log), sent as"
                    + " 'Authorization: Bearer TOKEN'; at least 32 characters. Without it, only workspace API keys"
                    + " reach the admin API and no workspace can be created through it.")
    @Env(secret = true)
    String adminToken;

    @Option(
            names = "--openai-base-url",
            paramLabel = "URL",
            converter = Converters.HttpUrl.class,
            description = "Base URL of the OpenAI API (or an OpenAI-compatible one) that cards with provider"
                    + " openai run on; its key is --openai-api-key.")
    URI openAiBaseUrl = ProviderSettings.DEFAULT_OPENAI_BASE_URL;

    @Option(
            names = "--openai-api-key",
            paramLabel = "KEY",
            description = "API key of --openai-base-url; without it, runs on provider openai are refused at"
                    + " start. Never written to a card, the database or the log.")
    @Env(variable = "OPENAI_API_KEY", secret = true)
    String openAiApiKey;

    @Option(
            names = "--anthropic-base-url",
            paramLabel = "URL",
            converter = Converters.HttpUrl.class,
            description = "Base URL of the Anthropic API that cards with provider anthropic run on; its key"
                    + " is --anthropic-api-key.")
    URI anthropicBaseUrl = ProviderSettings.DEFAULT_ANTHROPIC_BASE_URL;

    @Option(
            names = "--anthropic-api-key",
            paramLabel = "KEY",
            description = "API key of --anthropic-base-url; without it, runs on provider anthropic are"
                    + " refused at start. Never written to a card, the database or the log.")
    @Env(variable = "ANTHROPIC_API_KEY", secret = true)
    String anthropicApiKey;

    @Option(
            names = "--ollama-base-url",
            paramLabel = "URL",
            converter = Converters.HttpUrl.class,
            description = "Base URL of the Ollama server that cards with provider ollama run on.")
    URI ollamaBaseUrl = ProviderSettings.DEFAULT_OLLAMA_BASE_URL;

    @Option(
            names = "--provider-concurrency",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "Most completions at once per provider on this node, over all runs.")
    int providerConcurrency = ProviderSettings.DEFAULT_CONCURRENCY;

    @Option(
            names = "--provider-timeout",
            paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "Longest one completion may take; a test whose call takes longer ends error.")
    Duration providerTimeout = ProviderSettings.DEFAULT_CALL_TIMEOUT;

    @Option(
            names = "--price-table",
            paramLabel = "FILE",
            converter = Converters.ReadableFile.class,
            description = "CSV of prices per provider and model (provider,model,effective_from,"
                    + "usd_per_million_in,usd_per_million_out) over the shipped table: a run's cost comes from"
                    + " it; a model in neither has an unknown cost.")
    @Env(defaultText = "none (the shipped table)")
    Path priceTable;

    @Option(
            names = "--jwt-secret",
            paramLabel = "SECRET",
            converter = Converters.JwtSecret.class,
            description = "HS256 secret (at least 32 bytes) that tokens are signed with.")
    @Env(secret = true)
    String jwtSecret;

    @Option(
            names = "--jwt-previous-secret",
            paramLabel = "SECRET",
            converter = Converters.JwtSecret.class,
            description = "An earlier HS256 secret whose tokens are still accepted, never used to sign: rotate by"
                    + " moving --jwt-secret here and setting a new one; remove it once the old tokens have expired.")
    @Env(secret = true)
    String jwtPreviousSecret;

    @Option(
            names = "--jwt-public-key",
            paramLabel = "FILE",
            converter = Converters.ReadableFile.class,
            description = "PEM or JWKS file with the public key(s) of RS256/ES256 tokens.")
    Path jwtPublicKey;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            converter = Converters.NonEmptyPath.class,
            description = "PEM file of the TLS certificate chain (the server's certificate first): every"
                    + " listener then speaks TLS, https:// and wss://; needs --tls-key.")
    @Env(defaultText = "none (plain http:// and ws://)")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            converter = Converters.NonEmptyPath.class,
            description = "PEM file of the certificate's private key, not encrypted (BEGIN PRIVATE KEY,"
                    + " or BEGIN RSA/EC PRIVATE KEY).")
    Path tlsKey;

    @Option(
            names = "--port-file",
            paramLabel = "FILE",
            converter = Converters.FileInExistingDirectory.class,
            description = "Write the port to FILE once the server accepts connections (handy with"
                    + " --port 0); deleted on shutdown.")
    Path portFile;

    @Option(
            names = "--api-port-file",
            paramLabel = "FILE",
            converter = Converters.FileInExistingDirectory.class,
            description = "Write the HTTP API's port to FILE once it accepts connections (handy with"
                    + " --api-port 0); deleted on shutdown.")
    Path apiPortFile;

    @Option(
            names = "--max-frame-bytes",
            paramLabel = "SIZE",
            converter = Converters.IntSize.class,
            description = "Largest WebSocket message accepted; a larger one closes its connection with"
                    + " 4413, the card untouched.")
    DataSize maxFrameBytes = new DataSize(LIMIT_DEFAULTS.maxFrameBytes());

    @Option(
            names = "--max-card-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "Largest size of a card; an update that would grow it further closes its"
                    + " sender with 4413.")
    DataSize maxCardBytes = new DataSize(LIMIT_DEFAULTS.maxCardBytes());

    @Option(
            names = "--max-messages-per-second",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "Messages a connection may send per second (bursts of twice as many);"
                    + " a faster one has its reads paused until it is back under the rate, and what it sent"
                    + " meanwhile is applied together, nothing dropped.")
    int maxMessagesPerSecond = LIMIT_DEFAULTS.messagesPerSecond();

    @Option(
            names = "--flood-close-after",
            paramLabel = "DURATION",
            converter = Converters.DurationOrZero.class,
            description = "A connection that keeps sending more than 100 times --max-messages-per-second"
                    + " for this long is closed with 1013 (stock clients reconnect and resend); 0 never.")
    Duration floodCloseAfter = LIMIT_DEFAULTS.floodCloseAfter();

    @Option(
            names = "--max-unstored-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "Bytes of a card's updates kept in memory while the database does not take them;"
                    + " an update past it closes its writer with 1013 (it resends once reconnected).")
    DataSize maxUnstoredBytes = new DataSize(LIMIT_DEFAULTS.maxUnstoredBytes());

    @Option(
            names = "--max-outbound-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "Bytes queued for a connection that reads too slowly before it is closed"
                    + " with 1013.")
    DataSize maxOutboundBytes = new DataSize(LIMIT_DEFAULTS.maxOutboundBytes());

    @Option(
            names = "--handshake-timeout",
            paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "Time a new connection has to complete the WebSocket upgrade.")
    Duration handshakeTimeout = LIMIT_DEFAULTS.handshakeTimeout();

    @Option(
            names = "--max-rooms",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "Cards open at once; a connection to one more is closed with 1013.")
    int maxRooms = LIMIT_DEFAULTS.maxRooms();

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "WebSocket connections at once; one more is closed with 1013.")
    int maxConnections = LIMIT_DEFAULTS.maxConnections();

    @Option(
            names = "--room-unload-grace",
            paramLabel = "DURATION",
            converter = Converters.PositiveDuration.class,
            description = "How long a card stays in memory after its last connection closes (it is"
                    + " stored: the next connection loads it again).")
    Duration roomUnloadGrace = LIMIT_DEFAULTS.roomUnloadGrace();

    @Option(
            names = "--max-awareness-clients",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "Awareness clients (cursors, names) a card keeps track of; an awareness update"
                    + " that would need more closes its sender with 4413.")
    int maxAwarenessClients = LIMIT_DEFAULTS.maxAwarenessClients();

    @Option(
            names = "--max-awareness-state-bytes",
            paramLabel = "SIZE",
            converter = Converters.IntSize.class,
            description = "The largest awareness state (a client's name, colour, cursor) one client may have, in"
                    + " bytes of JSON; a bigger one closes its sender with 4413.")
    DataSize maxAwarenessStateBytes = new DataSize(LIMIT_DEFAULTS.presence().maxStateBytes());

    @Option(
            names = "--max-awareness-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "The most bytes of awareness states one card keeps, all clients together; an awareness"
                    + " update past it closes its sender with 4413.")
    DataSize maxAwarenessBytes = new DataSize(LIMIT_DEFAULTS.presence().maxCardBytes());

    @Option(
            names = "--max-awareness-clients-per-connection",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most awareness client ids one connection may announce; more closes it with 4413."
                    + " Each id belongs to the connection that announced it first, until it leaves: others'"
                    + " changes to it are dropped.")
    int maxAwarenessClientsPerConnection = LIMIT_DEFAULTS.presence().maxClientsPerConnection();

    @Option(
            names = "--max-awareness-bytes-per-subject",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "The most bytes of awareness states the connections of one token subject keep on one card"
                    + " together, at most --max-awareness-bytes; an awareness update past it closes its sender"
                    + " with 4413, so that one token's many connections cannot fill a card's presence.")
    @Env(defaultText = "1/8 of --max-awareness-bytes")
    DataSize maxAwarenessBytesPerSubject;

    @Option(
            names = "--max-pending-bytes",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "The most bytes of updates a card keeps that cannot be applied yet (their predecessors"
                    + " missing); past it the sender is closed with 4413.")
    DataSize maxPendingBytes = new DataSize(LIMIT_DEFAULTS.updates().maxPendingBytes());

    @Option(
            names = "--max-update-clients",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most distinct client ids one update may carry; more closes its sender with 4413.")
    int maxUpdateClients = LIMIT_DEFAULTS.updates().maxUpdateClients();

    @Option(
            names = "--max-card-clients",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most distinct client ids one card may hold; an update that would take it past"
                    + " closes its sender with 4413.")
    int maxCardClients = LIMIT_DEFAULTS.updates().maxCardClients();

    @Option(
            names = "--max-update-structs",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most structs (runs of inserted or collected content, as a Yjs update encodes them)"
                    + " one update may carry; more closes its sender with 4413.")
    int maxUpdateStructs = LIMIT_DEFAULTS.updates().maxUpdateStructs();

    @Option(
            names = "--max-connections-per-workspace",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most WebSocket connections of one workspace at once; more closes the newcomer"
                    + " with 1013.")
    int maxConnectionsPerWorkspace = LIMIT_DEFAULTS.quotas().maxConnections();

    @Option(
            names = "--max-rooms-per-workspace",
            paramLabel = "N",
            converter = Converters.Count.class,
            description = "The most cards of one workspace loaded at once; more closes the newcomer with 1013.")
    int maxRoomsPerWorkspace = LIMIT_DEFAULTS.quotas().maxRooms();

    /**
     * The JVM's heap ceiling when --max-heap is not given: a small server (issue 17); the launcher
     * {@code ./promptcards} has the same default (DEFAULT_MAX_HEAP) and sets {@code -Xmx} from it.
     */
    static final long DEFAULT_MAX_HEAP = 512L << 20;

    @Option(
            names = "--max-heap",
            paramLabel = "SIZE",
            converter = Converters.Size.class,
            description = "The JVM's heap ceiling (-Xmx): ./promptcards reads it before the JVM starts"
                    + " (with java -jar, pass -Xmx yourself); the server says so when the JVM's differs.")
    DataSize maxHeap = new DataSize(DEFAULT_MAX_HEAP);

    @Override
    public Integer call() throws InterruptedException {
        ServeSettings settings = settings();
        List<String> problems = StartChecks.problems(settings, this::variableUsed);
        if (!problems.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(problem -> err.println(spec.commandLine().getColorScheme().errorText("Error: " + problem)));
            err.flush();
            return 1;
        }
        Authentication auth;
        try {
            auth = Authentication.of(settings);
        } catch (IllegalArgumentException e) {
            throw invalid("--jwt-public-key", e.getMessage());
        } catch (DevSecretFile.UnusableSecretException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.commandLine().getColorScheme().errorText("Error: " + e.getMessage()));
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("promptcards serve");
        out.println(settings.describe());
        heapCeilingNote(maxHeap.bytes(), Runtime.getRuntime().maxMemory()).ifPresent(out::println);
        out.flush();
        try (ShutdownSignals signals = ShutdownSignals.install()) {
            RunningServer server = startOrReport(settings, auth, out);
            if (server == null) {
                return 1;
            }
            try (server) {
                String signal = signals.await();
                log.info("{}: shutting down", signal);
            }
            return server.lostCards() == 0 ? 0 : EXIT_CHANGES_LOST;
        }
    }

    /**
     * A note when the JVM's heap ceiling is not the one --max-heap asks for: the option takes effect
     * through the launcher, which sets -Xmx before the JVM starts. The JVM reports a little less than
     * -Xmx (a survivor space is not counted): within 80% to 100% is the same.
     */
    static Optional<String> heapCeilingNote(long asked, long jvmMax) {
        if (jvmMax <= asked && jvmMax >= asked * 0.8) {
            return Optional.empty();
        }
        return Optional.of("note: the JVM's heap ceiling is " + (jvmMax >> 20) + " MiB, not --max-heap "
                + SettingValues.formatBytes(asked) + ": ./promptcards serve sets it (-Xmx); with java -jar pass -Xmx"
                + " yourself");
    }

    private RunningServer startOrReport(ServeSettings settings, Authentication auth,
            PrintWriter out) {
        try {
            return RunningServer.start(settings, auth, out);
        } catch (AppStartException | UncheckedIOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(spec.commandLine().getColorScheme().errorText("Error: " + e.getMessage()));
            err.flush();
            return null;
        }
    }

    /**
     * The settings from the flags, else their environment variables, else the defaults; each
     * value is already converted and checked by its option's converter ({@link Converters}).
     *
     * @throws ParameterException naming the flag (and the variable it came from) when settings do
     *     not fit together, or when a non-loopback host has no JWT setting
     */
    ServeSettings settings() {
        if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
            throw invalid("--data-dir", "'" + dataDir + "' exists and is not a directory");
        }
        if (dbUrl == null && (dbUser != null || dbPassword != null)) {
            throw invalid(dbUser != null ? "--db-user" : "--db-password",
                    "it is only used with --db-url (the embedded PostgreSQL needs none)");
        }
        if (apiPort != 0 && apiPort == port) {
            throw invalid("--api-port", "port " + apiPort + " is the WebSocket listener's --port too: give the"
                    + " HTTP API a port of its own (the default is " + ApiConfig.DEFAULT_PORT + ")");
        }
        if (adminToken != null && adminToken.strip().length() < MIN_ADMIN_TOKEN_CHARS) {
            throw invalid("--admin-token", "it must be at least " + MIN_ADMIN_TOKEN_CHARS + " characters (e.g. openssl"
                    + " rand -hex 32): it opens every workspace");
        }
        if (apiPortFile != null && portFile != null
                && apiPortFile.toAbsolutePath().normalize().equals(portFile.toAbsolutePath().normalize())) {
            throw invalid("--api-port-file", "it is the --port-file too: give each port a file of its own");
        }
        ServeSettings settings = new ServeSettings(host.host(), port, apiPort, host.isLoopback(), dataDir,
                dbUrl, dbUser, dbPassword, redisUrl == null ? null : redisUrl.toString(), busSyncInterval, jwtSecret,
                jwtPublicKey, limits(), logSettings(), portFile, apiPortFile,
                spillDir == null ? dataDir.resolve("spill") : spillDir, tls(), providers(), priceTable,
                adminToken == null ? null : adminToken.strip(), jwtPreviousSecret);
        if (jwtPreviousSecret != null && jwtSecret == null) {
            throw invalid("--jwt-previous-secret", "it needs --jwt-secret: the previous secret only verifies the tokens"
                    + " signed before a rotation, the current one signs");
        }
        if (!settings.loopback() && !settings.requiresJwt()) {
            throw new ParameterException(spec.commandLine(),
                    "Refusing to start: host " + host.host() + source("--host")
                            + " is not a loopback address and no JWT setting"
                            + " is given, so anyone who can reach it could read and edit every card. Set"
                            + " --jwt-secret (" + variable("--jwt-secret") + ") or --jwt-public-key"
                            + " (" + variable("--jwt-public-key") + "), or bind to 127.0.0.1.");
        }
        return settings;
    }

    /** The model providers: their base URLs and keys, the timeout of one call, completions at once. */
    private ProviderSettings providers() {
        return new ProviderSettings(openAiBaseUrl, blankToNull(openAiApiKey), anthropicBaseUrl,
                blankToNull(anthropicApiKey), ollamaBaseUrl, providerTimeout, providerConcurrency);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * The TLS certificate chain and key of --tls-cert and --tls-key (else their variables), read and
     * checked; null when neither is set.
     */
    private TlsCredentials tls() {
        if (tlsCert == null && tlsKey == null) {
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            String given = tlsCert != null ? "--tls-cert" : "--tls-key";
            String missing = tlsCert != null ? "--tls-key" : "--tls-cert";
            throw invalid(given, "it needs " + missing + " (" + variable(missing)
                    + ") too: TLS takes a certificate chain and its private key");
        }
        TlsCredentials credentials;
        try {
            credentials = new TlsFiles(tlsCert, tlsKey).load();
        } catch (TlsFileException e) {
            throw invalid(e.isKey() ? "--tls-key" : "--tls-cert", e.getMessage());
        }
        String problem = credentials.validityProblem(Instant.now());
        if (problem != null) {
            log.warn("{}", problem);
        }
        return credentials;
    }

    /** The limits from their options; checked together by {@link Limits}. */
    private Limits limits() {
        // The default burst is twice the default rate; a rate of one's own keeps that ratio.
        int burst = maxMessagesPerSecond == LIMIT_DEFAULTS.messagesPerSecond()
                ? LIMIT_DEFAULTS.messageBurst()
                : (int) Math.min(Integer.MAX_VALUE, 2L * maxMessagesPerSecond);
        try {
            return new Limits(
                    Math.toIntExact(maxFrameBytes.bytes()),
                    maxCardBytes.bytes(),
                    maxMessagesPerSecond,
                    burst,
                    maxOutboundBytes.bytes(),
                    handshakeTimeout,
                    maxRooms,
                    maxConnections,
                    roomUnloadGrace,
                    maxAwarenessClients,
                    floodCloseAfter,
                    maxUnstoredBytes.bytes(),
                    new UpdateBounds(maxPendingBytes.bytes(), maxUpdateClients, maxCardClients, maxUpdateStructs),
                    new PresenceBounds(Math.toIntExact(maxAwarenessStateBytes.bytes()), maxAwarenessBytes.bytes(),
                            maxAwarenessClientsPerConnection, maxAwarenessBytesPerSubject == null
                                    ? PresenceBounds.defaultSubjectBytes(maxAwarenessBytes.bytes())
                                    : maxAwarenessBytesPerSubject.bytes()),
                    new WorkspaceQuotas(maxConnectionsPerWorkspace, maxRoomsPerWorkspace));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid limits: " + e.getMessage());
        }
    }

    /** Group commit and compaction from their options; checked by {@link UpdateLogSettings}. */
    private UpdateLogSettings logSettings() {
        try {
            return STORAGE_DEFAULTS.withGroupCommitWindow(groupCommitWindow)
                    .withCompactAfterRows(compactAfterRows)
                    .withCompactAfterBytes(compactAfterBytes.bytes());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid storage settings: "
                    + e.getMessage());
        }
    }

    /** The environment variable of {@code option} ({@link EnvironmentDefaults#variableOf}). */
    private String variable(String option) {
        return EnvironmentDefaults.variableOf(spec.findOption(option));
    }

    /**
     * "Invalid value for --port (from PROMPTCARDS_PORT): 'x' is not a port number (0 to 65535)":
     * names the environment variable when the value came from there.
     */
    private ParameterException invalid(String option, String message) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for " + option + source(option) + ": " + message);
    }

    /** The environment variable the option's value came from, or null (the command line, the default). */
    private String variableUsed(String option) {
        return source(option).isEmpty() ? null : variable(option);
    }

    /** " (from PROMPTCARDS_PORT)" when the option's value came from its variable, else "". */
    private String source(String option) {
        var parsed = spec.commandLine().getParseResult();
        boolean onCommandLine = parsed != null && parsed.hasMatchedOption(option);
        if (!onCommandLine && spec.defaultValueProvider() instanceof EnvironmentDefaults env) {
            return env.origin(spec.findOption(option), null);
        }
        return "";
    }
}
