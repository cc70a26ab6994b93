package dev.promptcards.server.cli;

import dev.promptcards.persistence.EmbeddedDatabase;
import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.tls.TlsCredentials;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The checked settings of {@code serve}. Nullable fields are unset. {@link #toString()} never
 * shows the JWT secret nor a database password.
 *
 * @param host the address to bind to, as given
 * @param port 0 to 65535 (0: any free port)
 * @param apiPort the HTTP API's port, 0 to 65535 (0: any free port)
 * @param loopback whether {@code host} is loopback only
 * @param dataDir where the embedded PostgreSQL ({@code dataDir/postgres}) and local files live
 * @param dbUrl a {@code jdbc:postgresql:} URL, or null for the embedded PostgreSQL
 * @param dbUser the user for {@code dbUrl}, or null (from the URL)
 * @param dbPassword the password for {@code dbUrl}, or null (from the URL, or none)
 * @param redisUrl the Redis of the cross-node bus, or null for a single node
 * @param busSyncInterval how often each loaded card asks the other nodes whether it lacks something
 * @param jwtSecret the HS256 secret, or null
 * @param jwtPublicKey a PEM or JWKS file for RS256/ES256, or null
 * @param limits the limits of connections and cards
 * @param logSettings group commit and compaction of the cards' update log
 * @param portFile where to write the port once the server listens, or null
 * @param apiPortFile where to write the HTTP API's port once it listens, or null
 * @param spillDir where a shutdown while the database is away writes what it could not store
 * @param tls the checked TLS certificate chain and key of every listener, or null for plain HTTP
 * @param providers the model providers' base URLs and keys, their timeout and concurrency
 * @param priceTable the operator's price table over the shipped one, or null
 * @param adminToken the operator's token of the admin API, or null
 * @param jwtPreviousSecret an HS256 secret tokens are still accepted with while they are re-issued with
 *     {@code jwtSecret} (rotation), or null; never signs
 */
record ServeSettings(
        String host,
        int port,
        int apiPort,
        boolean loopback,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String redisUrl,
        Duration busSyncInterval,
        String jwtSecret,
        Path jwtPublicKey,
        Limits limits,
        UpdateLogSettings logSettings,
        Path portFile,
        Path apiPortFile,
        Path spillDir,
        TlsCredentials tls,
        ProviderSettings providers,
        Path priceTable,
        String adminToken,
        String jwtPreviousSecret) {

    /** True when connections need a valid token; false is dev mode (loopback only). */
    boolean requiresJwt() {
        return jwtSecret != null || jwtPublicKey != null;
    }

    /** One line per setting, for the operator. */
    String describe() {
        String auth;
        if (jwtSecret != null && jwtPublicKey != null) {
            auth = "JWT: HS256 secret (set) and public key " + jwtPublicKey;
        } else if (jwtSecret != null) {
            auth = "JWT: HS256 secret (set)";
        } else if (jwtPublicKey != null) {
            auth = "JWT: public key " + jwtPublicKey;
        } else {
            auth = "dev mode (loopback, no JWT setting)";
        }
        return String.join(
                System.lineSeparator(),
                "  address:  " + address(),
                "  api:      " + apiAddress() + " (the HTTP API, under /api/v1)",
                "  data dir: " + dataDir.toAbsolutePath().normalize(),
                "  database: " + database(),
                "  storage:  " + describe(logSettings),
                "  redis:    " + (redisUrl == null ? "none (single node)" : redactPassword(redisUrl)),
                "  auth:     " + auth,
                "  admin:    " + (adminToken == null ? "no admin token (the admin API takes workspace API keys only)"
                        : "admin token set"),
                "  tls:      " + (tls == null ? "off (plain http:// and ws://)" : tls.describe() + " ("
                        + tls.files().certificateChain() + ", " + tls.files().privateKey() + ")"),
                "  runs:     " + describeRuns(),
                "  limits:   " + describe(limits),
                "  bounds:   " + describeBounds(limits));
    }

    /** Which providers runs may use (never a key), and what a run's cost comes from. */
    private String describeRuns() {
        StringBuilder text = new StringBuilder("echo (offline), ollama at ").append(providers.ollamaBaseUrl());
        text.append(", openai at ").append(providers.openAiBaseUrl())
                .append(providers.openAiApiKey() == null ? " (no OPENAI_API_KEY: refused)" : " (key set)");
        text.append(", anthropic at ").append(providers.anthropicBaseUrl())
                .append(providers.anthropicApiKey() == null ? " (no ANTHROPIC_API_KEY: refused)" : " (key set)");
        text.append("; ").append(providers.concurrency()).append(" completions at once per provider, timeout ")
                .append(SettingValues.formatDuration(providers.callTimeout()));
        text.append("; prices ").append(priceTable == null ? "shipped" : "shipped, then " + priceTable);
        return text.toString();
    }

    /** Where the cards are stored, for the operator: never with a password. */
    String database() {
        if (dbUrl == null) {
            return "embedded PostgreSQL in "
                    + dataDir.toAbsolutePath().normalize().resolve(EmbeddedDatabase.SUBDIRECTORY);
        }
        return redactPassword(dbUrl) + (dbUser == null ? "" : " as " + dbUser)
                + (dbPassword == null ? "" : " (password set)");
    }

    private static String describe(UpdateLogSettings settings) {
        return "group commit " + (settings.groupCommitWindow().isZero() ? "0ms"
                : SettingValues.formatDuration(settings.groupCommitWindow()))
                + ", compaction after " + settings.compactAfterRows() + " rows or "
                + SettingValues.formatBytes(settings.compactAfterBytes());
    }

    /** HOST:PORT as given, an IPv6 address in brackets ([::1]:8080). */
    String address() {
        return urlHost() + ":" + port;
    }

    /** HOST:API_PORT as given, an IPv6 address in brackets ([::1]:8081). */
    String apiAddress() {
        return urlHost() + ":" + apiPort;
    }

    private String urlHost() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String describe(Limits limits) {
        return "frames " + SettingValues.formatBytes(limits.maxFrameBytes())
                + ", cards " + SettingValues.formatBytes(limits.maxCardBytes())
                + ", " + limits.messagesPerSecond() + " messages/s (burst " + limits.messageBurst() + ")"
                + ", outbound " + SettingValues.formatBytes(limits.maxOutboundBytes())
                + ", handshake " + SettingValues.formatDuration(limits.handshakeTimeout())
                + ", " + limits.maxRooms() + " cards, " + limits.maxConnections() + " connections"
                + ", unload after " + SettingValues.formatDuration(limits.roomUnloadGrace())
                + ", " + limits.maxAwarenessClients() + " awareness clients per card";
    }

    /** What one update, presence and one workspace may take (issue 18's bounds). */
    private static String describeBounds(Limits limits) {
        return "pending " + SettingValues.formatBytes(limits.updates().maxPendingBytes())
                + ", " + limits.updates().maxUpdateClients() + " client ids per update"
                + ", " + limits.updates().maxCardClients() + " per card"
                + ", " + limits.updates().maxUpdateStructs() + " structs per update"
                + "; awareness " + SettingValues.formatBytes(limits.presence().maxStateBytes()) + " per state"
                + ", " + SettingValues.formatBytes(limits.presence().maxCardBytes()) + " per card"
                + ", " + limits.presence().maxClientsPerConnection() + " ids per connection"
                + ", " + SettingValues.formatBytes(limits.presence().maxSubjectBytes()) + " per token subject"
                + "; per workspace " + limits.quotas().maxConnections() + " connections"
                + ", " + limits.quotas().maxRooms() + " cards";
    }

    @Override
    public String toString() {
        return "ServeSettings[" + describe().replaceAll("\\s+", " ").trim() + "]";
    }

    /** Hides a password in {@code redis://user:password@host} and {@code ?password=...}. */
    static String redactPassword(String url) {
        return url.replaceAll("(//[^/@:]*:)[^/@]*@", "$1***@")
                .replaceAll("((?i)[?&;]password=)[^&;]*", "$1***");
    }
}
