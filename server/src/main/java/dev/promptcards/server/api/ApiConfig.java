package dev.promptcards.server.api;

import dev.promptcards.server.tls.TlsCredentials;
import java.util.Objects;

/**
 * Where the API listens and what it accepts.
 *
 * @param host         the address or host name to bind to (the WebSocket listener's)
 * @param port         the port, 0 to 65535 (0: any free port, see {@link ApiServer#port()})
 * @param tls          the certificate and key to speak TLS with (the WebSocket listener's), or null for plain
 *                     HTTP
 * @param maxBodyBytes the largest request body read; a larger one is refused with 413
 */
public record ApiConfig(String host, int port, TlsCredentials tls, int maxBodyBytes) {

    /** The port of {@code --api-port} when none is given. */
    public static final int DEFAULT_PORT = 8081;
    /** The largest body by default: a run request is a small JSON object. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /**
     * Checks the values.
     *
     * @throws NullPointerException     if the host is null
     * @throws IllegalArgumentException if the host is blank, the port outside 0..65535 or the body limit not
     *                                  positive
     */
    public ApiConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
    }

    /**
     * A configuration with the default body limit.
     *
     * @param host see above
     * @param port see above
     * @param tls  see above
     */
    public ApiConfig(String host, int port, TlsCredentials tls) {
        this(host, port, tls, DEFAULT_MAX_BODY_BYTES);
    }
}
