package dev.promptcards.server.net;

import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.members.Memberships;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.tls.TlsCredentials;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PromptcardsServer#start} needs besides the rooms and the threads: where to listen and the
 * services its handlers use.
 *
 * @param host     the address or host name to bind to, e.g. {@code 127.0.0.1}
 * @param port     the port, 0 to 65535 (0: any free port, see {@link PromptcardsServer#port()})
 * @param limits   the limits of frames, messages, queues, rooms and connections
 * @param verifier checks the token of each WebSocket connection
 * @param devMode  whether the server runs in dev mode: the page it serves gets {@code devToken}
 * @param devToken the token injected into the served page in dev mode; null when not in dev mode
 * @param metrics  the metrics every limit hit and connection is counted in; {@code /metrics} scrapes it
 * @param tls      the certificate and key the listener speaks TLS with (https://, wss://), or null for plain
 *                 HTTP
 * @param apiPort  the port of the HTTP API on the same host (named by {@code /client-config.json} and allowed by
 *                 the pages' {@code connect-src}), or {@link #NO_API}
 * @param storedQuotas each workspace's stored connection quota (the admin API's {@code maxConnections}), applied
 *                 below the per-workspace cap of {@code limits}; {@link StoredConnectionQuotas#none()} for none
 * @param members  the workspaces' members: a closed workspace caps or refuses a connection, and a change
 *                 reaches the open ones
 * @param providers the model providers the runner can call (runner Providers#configured), which
 *                 {@code /client-config.json} names for the editor's provider field
 */
public record ServerConfig(String host, int port, Limits limits, TokenVerifier verifier, boolean devMode,
                           String devToken, ServerMetrics metrics, TlsCredentials tls, int apiPort,
                           StoredConnectionQuotas storedQuotas, Memberships members, List<String> providers) {

    /** {@link #apiPort()} of a server without an HTTP API beside it. */
    public static final int NO_API = -1;

    /**
     * A configuration without TLS (plain http:// and ws://).
     *
     * @param host     see above
     * @param port     see above
     * @param limits   see above
     * @param verifier see above
     * @param devMode  see above
     * @param devToken see above
     * @param metrics  see above
     */
    public ServerConfig(String host, int port, Limits limits, TokenVerifier verifier, boolean devMode,
                        String devToken, ServerMetrics metrics) {
        this(host, port, limits, verifier, devMode, devToken, metrics, null, NO_API, StoredConnectionQuotas.none(),
                Memberships.open());
    }

    /**
     * A configuration without an HTTP API beside it.
     *
     * @param host     see above
     * @param port     see above
     * @param limits   see above
     * @param verifier see above
     * @param devMode  see above
     * @param devToken see above
     * @param metrics  see above
     * @param tls      see above
     */
    public ServerConfig(String host, int port, Limits limits, TokenVerifier verifier, boolean devMode,
                        String devToken, ServerMetrics metrics, TlsCredentials tls) {
        this(host, port, limits, verifier, devMode, devToken, metrics, tls, NO_API, StoredConnectionQuotas.none(),
                Memberships.open());
    }

    /**
     * A configuration without stored connection quotas, every workspace open ({@link Memberships#open()}).
     *
     * @param host     see above
     * @param port     see above
     * @param limits   see above
     * @param verifier see above
     * @param devMode  see above
     * @param devToken see above
     * @param metrics  see above
     * @param tls      see above
     * @param apiPort  see above
     */
    public ServerConfig(String host, int port, Limits limits, TokenVerifier verifier, boolean devMode,
                        String devToken, ServerMetrics metrics, TlsCredentials tls, int apiPort) {
        this(host, port, limits, verifier, devMode, devToken, metrics, tls, apiPort, StoredConnectionQuotas.none(),
                Memberships.open());
    }

    /**
     * A configuration that names no configured providers.
     *
     * @param host         see above
     * @param port         see above
     * @param limits       see above
     * @param verifier     see above
     * @param devMode      see above
     * @param devToken     see above
     * @param metrics      see above
     * @param tls          see above
     * @param apiPort      see above
     * @param storedQuotas see above
     * @param members      see above
     */
    public ServerConfig(String host, int port, Limits limits, TokenVerifier verifier, boolean devMode,
                        String devToken, ServerMetrics metrics, TlsCredentials tls, int apiPort,
                        StoredConnectionQuotas storedQuotas, Memberships members) {
        this(host, port, limits, verifier, devMode, devToken, metrics, tls, apiPort, storedQuotas, members, List.of());
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException     if host, limits, verifier, metrics, storedQuotas, members or providers is
     *                                  null
     * @throws IllegalArgumentException if the port is outside 0..65535, the API port is neither a port nor
     *                                  {@link #NO_API}, the host is blank, or dev mode has no token
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(storedQuotas, "storedQuotas");
        Objects.requireNonNull(members, "members");
        providers = List.copyOf(providers);
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        if (apiPort != NO_API && (apiPort < 1 || apiPort > 65_535)) {
            throw new IllegalArgumentException("apiPort must be a bound port (1..65535) or NO_API: " + apiPort);
        }
        if (devMode && (devToken == null || devToken.isBlank())) {
            throw new IllegalArgumentException("dev mode needs the dev token to put into the page");
        }
    }
}
