package dev.promptcards.server.app;

import dev.promptcards.runner.provider.ProviderSettings;
import dev.promptcards.server.auth.TokenMinter;
import dev.promptcards.server.auth.TokenVerifier;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.tls.TlsCredentials;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@link PromptcardsApp} is built from, checked by the command line before. {@link #toString()}
 * shows no secret.
 *
 * @param host      the address or host name to bind to
 * @param port      the WebSocket/HTTP port, 0 for any free one
 * @param apiPort   the HTTP API's port, 0 for any free one (same host and TLS as the WebSocket listener)
 * @param limits    the limits of frames, messages, cards, rooms and connections
 * @param tls       the certificate and key of the listener, or null for plain HTTP
 * @param database  where the cards are stored
 * @param spillDir  where a shutdown while the database is away writes what it could not store
 * @param bus       how this node reaches the others: Redis, or none for a single node
 * @param verifier  checks the token of each connection
 * @param devToken  in dev mode, the token the served page gets; else null
 * @param providers the model providers the runner calls: base URLs, keys, timeout, concurrency
 * @param priceTable the operator's price table over the shipped one, or null
 * @param adminToken the operator's token of the admin API, or null
 * @param minter    signs the tokens the admin API mints (the HS256 secret), or null when only public keys are set
 */
public record AppConfig(String host, int port, int apiPort, Limits limits, TlsCredentials tls,
        DatabaseSettings database, Path spillDir, BusSettings bus, TokenVerifier verifier, String devToken,
        ProviderSettings providers, Path priceTable, String adminToken, TokenMinter minter) {

    /** The workspace of dev mode, whose cards the dev token opens; its welcome card is an example. */
    public static final String DEV_WORKSPACE = "dev";

    /** @throws NullPointerException if a required part is null */
    public AppConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(spillDir, "spillDir");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(providers, "providers");
    }

    /**
     * @return whether the server runs in dev mode (its page gets {@link #devToken()})
     */
    public boolean devMode() {
        return devToken != null;
    }

    @Override
    public String toString() {
        return "AppConfig[" + host + ":" + port + ", API port " + apiPort + ", " + database + (tls == null ? "" : ", TLS")
                + (bus.redisUrl() == null ? "" : ", Redis") + (devMode() ? ", dev mode" : "") + "]";
    }
}
