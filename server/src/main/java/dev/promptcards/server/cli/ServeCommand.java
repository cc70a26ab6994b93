package dev.promptcards.server.cli;

import dev.promptcards.server.app.AppStartException;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.server.auth.DevSecretFile;
import dev.promptcards.server.auth.JwtTokenVerifier;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.tls.TlsCredentials;
import dev.promptcards.server.tls.TlsFileException;
import dev.promptcards.server.tls.TlsFiles;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
                    + " /healthz and /metrics (https:// and wss:// with --tls-cert and --tls-key)."
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

    /** The environment variable of each option (DESIGN.md, "Configuration and commands"). */
    static final Map<String, String> ENVIRONMENT = environment();

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

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port to listen on, 0 to 65535 (0: any free port). Env PROMPTCARDS_PORT;"
                    + " default 8080.")
    String port;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address or host name to bind to. Env PROMPTCARDS_HOST; default 127.0.0.1."
                    + " A non-loopback address needs --jwt-secret or --jwt-public-key.")
    String host;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory of the server's local data: the embedded PostgreSQL keeps its files"
                    + " in DIR/postgres when no --db-url is given. Env PROMPTCARDS_DATA_DIR;"
                    + " default ./promptcards-data.")
    String dataDir;

    @Option(
            names = "--spill-dir",
            paramLabel = "DIR",
            description = "Where a shutdown while the database is away writes what it could not store;"
                    + " the next start stores it before serving. Env PROMPTCARDS_SPILL_DIR;"
                    + " default DATA_DIR/spill.")
    String spillDir;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "PostgreSQL to store the cards in (jdbc:postgresql://HOST:PORT/DATABASE; user"
                    + " and password may be URL parameters); absent: an embedded PostgreSQL in the data"
                    + " directory. Env PROMPTCARDS_DB_URL.")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "USER",
            description = "User for --db-url (instead of a user parameter in the URL)."
                    + " Env PROMPTCARDS_DB_USER.")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "PASSWORD",
            description = "Password for --db-url. Env PROMPTCARDS_DB_PASSWORD (prefer it: command lines"
                    + " are visible to other users).")
    String dbPassword;

    @Option(
            names = "--group-commit-window",
            paramLabel = "DURATION",
            description = "How long the storage collects updates to commit them in one transaction (an"
                    + " update is echoed to its sender once committed); 0 commits at once."
                    + " Env PROMPTCARDS_GROUP_COMMIT_WINDOW; default 2ms.")
    String groupCommitWindow;

    @Option(
            names = "--compact-after-rows",
            paramLabel = "N",
            description = "Fold a card's update log into a new snapshot once it has this many rows."
                    + " Env PROMPTCARDS_COMPACT_AFTER_ROWS; default 1000.")
    String compactAfterRows;

    @Option(
            names = "--compact-after-bytes",
            paramLabel = "SIZE",
            description = "... or once its rows hold this many bytes."
                    + " Env PROMPTCARDS_COMPACT_AFTER_BYTES; default 1MiB.")
    String compactAfterBytes;

    @Option(
            names = "--redis-url",
            paramLabel = "URL",
            description = "Redis for the cross-node bus (redis://...); absent: single node,"
                    + " in-process bus. Env PROMPTCARDS_REDIS_URL.")
    String redisUrl;

    @Option(
            names = "--jwt-secret",
            paramLabel = "SECRET",
            description = "HS256 secret (at least 32 bytes) that tokens are signed with. Env"
                    + " PROMPTCARDS_JWT_SECRET (prefer it: command lines are visible to other users).")
    String jwtSecret;

    @Option(
            names = "--jwt-public-key",
            paramLabel = "FILE",
            description = "PEM or JWKS file with the public key(s) of RS256/ES256 tokens."
                    + " Env PROMPTCARDS_JWT_PUBLIC_KEY.")
    String jwtPublicKey;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "PEM file of the TLS certificate chain (the server's certificate first): every"
                    + " listener then speaks TLS, https:// and wss://; needs --tls-key."
                    + " Env PROMPTCARDS_TLS_CERT; default none (plain http:// and ws://).")
    String tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "PEM file of the certificate's private key, not encrypted (BEGIN PRIVATE KEY,"
                    + " or BEGIN RSA/EC PRIVATE KEY). Env PROMPTCARDS_TLS_KEY.")
    String tlsKey;

    @Option(
            names = "--port-file",
            paramLabel = "FILE",
            description = "Write the port to FILE once the server accepts connections (handy with"
                    + " --port 0); deleted on shutdown. Env PROMPTCARDS_PORT_FILE.")
    String portFile;

    @Option(
            names = "--max-frame-bytes",
            paramLabel = "SIZE",
            description = "Largest WebSocket message accepted; a larger one closes its connection with"
                    + " 4413, the card untouched. Env PROMPTCARDS_MAX_FRAME_BYTES; default 4MiB.")
    String maxFrameBytes;

    @Option(
            names = "--max-card-bytes",
            paramLabel = "SIZE",
            description = "Largest size of a card; an update that would grow it further closes its"
                    + " sender with 4413. Env PROMPTCARDS_MAX_CARD_BYTES; default 32MiB.")
    String maxCardBytes;

    @Option(
            names = "--max-messages-per-second",
            paramLabel = "N",
            description = "Messages a connection may send per second (bursts of twice as many);"
                    + " a faster one has its reads paused until it is back under the rate, and what it sent"
                    + " meanwhile is applied together, nothing dropped."
                    + " Env PROMPTCARDS_MAX_MESSAGES_PER_SECOND; default 300.")
    String maxMessagesPerSecond;

    @Option(
            names = "--flood-close-after",
            paramLabel = "DURATION",
            description = "A connection that keeps sending more than 100 times --max-messages-per-second"
                    + " for this long is closed with 1013 (stock clients reconnect and resend); 0s never."
                    + " Env PROMPTCARDS_FLOOD_CLOSE_AFTER; default 60s.")
    String floodCloseAfter;

    @Option(
            names = "--max-unstored-bytes",
            paramLabel = "SIZE",
            description = "Bytes of a card's updates kept in memory while the database does not take them;"
                    + " an update past it closes its writer with 1013 (it resends once reconnected)."
                    + " Env PROMPTCARDS_MAX_UNSTORED_BYTES; default 64MiB.")
    String maxUnstoredBytes;

    @Option(
            names = "--max-outbound-bytes",
            paramLabel = "SIZE",
            description = "Bytes queued for a connection that reads too slowly before it is closed"
                    + " with 1013. Env PROMPTCARDS_MAX_OUTBOUND_BYTES; default 16MiB.")
    String maxOutboundBytes;

    @Option(
            names = "--handshake-timeout",
            paramLabel = "DURATION",
            description = "Time a new connection has to complete the WebSocket upgrade."
                    + " Env PROMPTCARDS_HANDSHAKE_TIMEOUT; default 10s.")
    String handshakeTimeout;

    @Option(
            names = "--max-rooms",
            paramLabel = "N",
            description = "Cards open at once; a connection to one more is closed with 1013."
                    + " Env PROMPTCARDS_MAX_ROOMS; default 10000.")
    String maxRooms;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description = "WebSocket connections at once; one more is closed with 1013."
                    + " Env PROMPTCARDS_MAX_CONNECTIONS; default 10000.")
    String maxConnections;

    @Option(
            names = "--room-unload-grace",
            paramLabel = "DURATION",
            description = "How long a card stays in memory after its last connection closes (it is"
                    + " stored: the next connection loads it again). Env PROMPTCARDS_ROOM_UNLOAD_GRACE;"
                    + " default 30s.")
    String roomUnloadGrace;

    @Option(
            names = "--max-awareness-clients",
            paramLabel = "N",
            description = "Awareness clients (cursors, names) a card keeps track of; an awareness update"
                    + " that would need more closes its sender with 4413."
                    + " Env PROMPTCARDS_MAX_AWARENESS_CLIENTS; default 10000.")
    String maxAwarenessClients;

    @Override
    public Integer call() throws InterruptedException {
        ServeSettings settings = settings();
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
     * The settings from the flags, else their environment variables, else the defaults.
     *
     * @throws ParameterException naming the flag (and the variable it came from) when one is wrong,
     *     or when a non-loopback host has no JWT setting
     */
    ServeSettings settings() {
        int portNumber = DEFAULT_PORT;
        if (port != null) {
            try {
                portNumber = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                portNumber = -1;
            }
            if (portNumber < 0 || portNumber > 65535) {
                throw invalid("--port", "'" + port + "' is not a port number (0 to 65535)");
            }
        }

        String hostText = host == null ? DEFAULT_HOST : host;
        BindAddress address;
        try {
            address = BindAddress.resolve(hostText);
        } catch (IllegalArgumentException e) {
            throw invalid("--host", e.getMessage());
        }

        Path dataPath = DEFAULT_DATA_DIR;
        if (dataDir != null) {
            dataPath = path("--data-dir", dataDir);
        }
        if (Files.exists(dataPath) && !Files.isDirectory(dataPath)) {
            throw invalid("--data-dir", "'" + dataPath + "' exists and is not a directory");
        }

        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw invalid("--db-url", "'" + ServeSettings.redactPassword(dbUrl)
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        if (dbUrl == null && (dbUser != null || dbPassword != null)) {
            throw invalid(dbUser != null ? "--db-user" : "--db-password",
                    "it is only used with --db-url (the embedded PostgreSQL needs none)");
        }

        if (redisUrl != null) {
            String scheme;
            try {
                scheme = new URI(redisUrl).getScheme();
            } catch (URISyntaxException e) {
                scheme = null;
            }
            if (scheme == null || !scheme.toLowerCase().startsWith("redis")) {
                throw invalid("--redis-url", "'" + ServeSettings.redactPassword(redisUrl)
                        + "' is not a Redis URL (redis://HOST:PORT or rediss://HOST:PORT)");
            }
        }

        if (jwtSecret != null
                && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
            throw invalid("--jwt-secret", "the secret is too short: HS256 needs at least "
                    + MIN_JWT_SECRET_BYTES + " bytes");
        }

        Path keyPath = null;
        if (jwtPublicKey != null) {
            keyPath = path("--jwt-public-key", jwtPublicKey);
            if (!Files.isRegularFile(keyPath) || !Files.isReadable(keyPath)) {
                throw invalid("--jwt-public-key", "'" + jwtPublicKey + "' is not a readable file");
            }
        }

        Path portPath = null;
        if (portFile != null) {
            portPath = path("--port-file", portFile);
            Path parent = portPath.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw invalid("--port-file", "the directory of '" + portFile + "' does not exist");
            }
        }

        ServeSettings settings = new ServeSettings(hostText, portNumber, address.isLoopback(),
                dataPath, dbUrl, dbUser, dbPassword, redisUrl, jwtSecret, keyPath, limits(), logSettings(),
                portPath, spillDir == null ? dataPath.resolve("spill") : path("--spill-dir", spillDir), tls());
        if (!settings.loopback() && !settings.requiresJwt()) {
            throw new ParameterException(spec.commandLine(),
                    "Refusing to start: host " + hostText + source("--host")
                            + " is not a loopback address and no JWT setting"
                            + " is given, so anyone who can reach it could read and edit every card. Set"
                            + " --jwt-secret (PROMPTCARDS_JWT_SECRET) or --jwt-public-key"
                            + " (PROMPTCARDS_JWT_PUBLIC_KEY), or bind to 127.0.0.1.");
        }
        return settings;
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
            throw invalid(given, "it needs " + missing + " (" + ENVIRONMENT.get(missing)
                    + ") too: TLS takes a certificate chain and its private key");
        }
        TlsFiles files = new TlsFiles(path("--tls-cert", tlsCert), path("--tls-key", tlsKey));
        TlsCredentials credentials;
        try {
            credentials = files.load();
        } catch (TlsFileException e) {
            throw invalid(e.isKey() ? "--tls-key" : "--tls-cert", e.getMessage());
        }
        String problem = credentials.validityProblem(Instant.now());
        if (problem != null) {
            log.warn("{}", problem);
        }
        return credentials;
    }

    /** The limits from their flags, else their environment variables, else Limits.defaults(). */
    private Limits limits() {
        Limits defaults = Limits.defaults();
        int rate = count("--max-messages-per-second", maxMessagesPerSecond,
                defaults.messagesPerSecond());
        // The default burst is twice the default rate; a rate of one's own keeps that ratio.
        int burst = maxMessagesPerSecond == null
                ? defaults.messageBurst()
                : (int) Math.min(Integer.MAX_VALUE, 2L * rate);
        try {
            return new Limits(
                    (int) bytes("--max-frame-bytes", maxFrameBytes, defaults.maxFrameBytes(),
                            Integer.MAX_VALUE),
                    bytes("--max-card-bytes", maxCardBytes, defaults.maxCardBytes(), Long.MAX_VALUE),
                    rate,
                    burst,
                    bytes("--max-outbound-bytes", maxOutboundBytes, defaults.maxOutboundBytes(),
                            Long.MAX_VALUE),
                    duration("--handshake-timeout", handshakeTimeout, defaults.handshakeTimeout()),
                    count("--max-rooms", maxRooms, defaults.maxRooms()),
                    count("--max-connections", maxConnections, defaults.maxConnections()),
                    duration("--room-unload-grace", roomUnloadGrace, defaults.roomUnloadGrace()),
                    count("--max-awareness-clients", maxAwarenessClients, defaults.maxAwarenessClients()),
                    duration("--flood-close-after", floodCloseAfter, defaults.floodCloseAfter()),
                    bytes("--max-unstored-bytes", maxUnstoredBytes, defaults.maxUnstoredBytes(), Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid limits: " + e.getMessage());
        }
    }

    /** Group commit and compaction from their flags, else their variables, else the defaults. */
    private UpdateLogSettings logSettings() {
        UpdateLogSettings defaults = UpdateLogSettings.defaults();
        Duration window = defaults.groupCommitWindow();
        if (groupCommitWindow != null) {
            window = groupCommitWindow.trim().matches("0+\\s*(ms|s|m|h)?")
                    ? Duration.ZERO
                    : duration("--group-commit-window", groupCommitWindow, window);
        }
        long rows = compactAfterRows == null ? defaults.compactAfterRows()
                : count("--compact-after-rows", compactAfterRows, 1);
        long bytes = bytes("--compact-after-bytes", compactAfterBytes, defaults.compactAfterBytes(),
                Long.MAX_VALUE);
        try {
            return defaults.withGroupCommitWindow(window).withCompactAfterRows(rows)
                    .withCompactAfterBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid storage settings: "
                    + e.getMessage());
        }
    }

    private long bytes(String option, String value, long fallback, long max) {
        if (value == null) {
            return fallback;
        }
        try {
            long bytes = SettingValues.parseBytes(value);
            if (bytes > max) {
                throw new IllegalArgumentException("'" + value + "' is too large (at most "
                        + SettingValues.formatBytes(max) + ")");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw invalid(option, e.getMessage());
        }
    }

    private int count(String option, String value, int fallback) {
        try {
            return value == null ? fallback : SettingValues.parseCount(value);
        } catch (IllegalArgumentException e) {
            throw invalid(option, e.getMessage());
        }
    }

    private Duration duration(String option, String value, Duration fallback) {
        try {
            return value == null ? fallback : SettingValues.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw invalid(option, e.getMessage());
        }
    }

    private Path path(String option, String value) {
        if (value.isEmpty()) {
            throw invalid(option, "the path must not be empty");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid(option, "'" + value + "' is not a valid path");
        }
    }

    /**
     * "Invalid value for --port (from PROMPTCARDS_PORT): 'x' is not a port number (0 to 65535)":
     * names the environment variable when the value came from there.
     */
    private ParameterException invalid(String option, String message) {
        return new ParameterException(spec.commandLine(),
                "Invalid value for " + option + source(option) + ": " + message);
    }

    /** " (from PROMPTCARDS_PORT)" when the option's value came from its variable, else "". */
    private String source(String option) {
        var parsed = spec.commandLine().getParseResult();
        boolean onCommandLine = parsed != null && parsed.hasMatchedOption(option);
        if (!onCommandLine
                && spec.defaultValueProvider() instanceof EnvironmentDefaults env
                && env.valueOf(option) != null) {
            return " (from " + ENVIRONMENT.get(option) + ")";
        }
        return "";
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("--port", "PROMPTCARDS_PORT");
        env.put("--host", "PROMPTCARDS_HOST");
        env.put("--data-dir", "PROMPTCARDS_DATA_DIR");
        env.put("--spill-dir", "PROMPTCARDS_SPILL_DIR");
        env.put("--db-url", "PROMPTCARDS_DB_URL");
        env.put("--db-user", "PROMPTCARDS_DB_USER");
        env.put("--db-password", "PROMPTCARDS_DB_PASSWORD");
        env.put("--group-commit-window", "PROMPTCARDS_GROUP_COMMIT_WINDOW");
        env.put("--compact-after-rows", "PROMPTCARDS_COMPACT_AFTER_ROWS");
        env.put("--compact-after-bytes", "PROMPTCARDS_COMPACT_AFTER_BYTES");
        env.put("--redis-url", "PROMPTCARDS_REDIS_URL");
        env.put("--jwt-secret", "PROMPTCARDS_JWT_SECRET");
        env.put("--jwt-public-key", "PROMPTCARDS_JWT_PUBLIC_KEY");
        env.put("--tls-cert", "PROMPTCARDS_TLS_CERT");
        env.put("--tls-key", "PROMPTCARDS_TLS_KEY");
        env.put("--port-file", "PROMPTCARDS_PORT_FILE");
        env.put("--max-frame-bytes", "PROMPTCARDS_MAX_FRAME_BYTES");
        env.put("--max-card-bytes", "PROMPTCARDS_MAX_CARD_BYTES");
        env.put("--max-messages-per-second", "PROMPTCARDS_MAX_MESSAGES_PER_SECOND");
        env.put("--flood-close-after", "PROMPTCARDS_FLOOD_CLOSE_AFTER");
        env.put("--max-unstored-bytes", "PROMPTCARDS_MAX_UNSTORED_BYTES");
        env.put("--max-outbound-bytes", "PROMPTCARDS_MAX_OUTBOUND_BYTES");
        env.put("--handshake-timeout", "PROMPTCARDS_HANDSHAKE_TIMEOUT");
        env.put("--max-rooms", "PROMPTCARDS_MAX_ROOMS");
        env.put("--max-connections", "PROMPTCARDS_MAX_CONNECTIONS");
        env.put("--room-unload-grace", "PROMPTCARDS_ROOM_UNLOAD_GRACE");
        env.put("--max-awareness-clients", "PROMPTCARDS_MAX_AWARENESS_CLIENTS");
        return java.util.Collections.unmodifiableMap(env);
    }
}
