package dev.promptcards.server.cli;

import dev.promptcards.server.app.AppConfig;
import dev.promptcards.server.app.AppStartException;
import dev.promptcards.server.app.BusSettings;
import dev.promptcards.server.app.DatabaseSettings;
import dev.promptcards.server.app.PromptcardsApp;
import dev.promptcards.server.api.ApiServer;
import dev.promptcards.server.room.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process that {@code serve} runs: the {@link PromptcardsApp} built from the checked settings,
 * announced (the URL to open, a card editor's URL, the WebSocket URL, the API's URL, in dev mode the token,
 * where the cards are stored), its ports written to the port files, and closed once, gracefully, by {@link #close()}
 * or by the shutdown hook when the JVM exits some other way.
 */
final class RunningServer implements AutoCloseable {

    /** The card whose editor URL dev mode prints. */
    static final String WELCOME_CARD = "welcome";

    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private final PromptcardsApp app;
    private final ServeSettings settings;
    private final Authentication auth;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningServer(PromptcardsApp app, ServeSettings settings, Authentication auth) {
        this.app = app;
        this.settings = settings;
        this.auth = auth;
        this.shutdownHook = new Thread(this::closeServer, "promptcards-shutdown");
    }

    /**
     * Builds and starts the process, writes the port file when asked, and prints how to reach it.
     *
     * @throws AppStartException when the database or the server cannot start (e.g. the port is taken)
     */
    static RunningServer start(ServeSettings settings, Authentication auth, PrintWriter out) {
        PromptcardsApp app = PromptcardsApp.start(appConfig(settings, auth), out);
        RunningServer running = new RunningServer(app, settings, auth);
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        try {
            writePortFile(settings.portFile(), running.port());
            writePortFile(settings.apiPortFile(), running.apiPort());
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        running.announce(out);
        return running;
    }

    /** What the composition root is built from: the settings and the authentication of the command line. */
    static AppConfig appConfig(ServeSettings settings, Authentication auth) {
        DatabaseSettings database = new DatabaseSettings(settings.dataDir(), settings.dbUrl(), settings.dbUser(),
                settings.dbPassword(), settings.database(), settings.logSettings());
        return new AppConfig(settings.host(), settings.port(), settings.apiPort(), settings.limits(), settings.tls(),
                database, settings.spillDir(),
                new BusSettings(settings.redisUrl(), settings.busSyncInterval()), auth.verifier(),
                auth.devMode() ? auth.devToken() : null, settings.providers(), settings.priceTable(),
                settings.adminToken(), auth.minter());
    }

    /**
     * Cards whose latest changes could be stored neither in the database nor in the spill directory when
     * the server stopped.
     *
     * @return 0 unless something was lost; meaningful after {@link #close()}
     */
    int lostCards() {
        return app.lostCards();
    }

    /** The port the server listens on (the real one when {@code --port 0}). */
    int port() {
        return app.port();
    }

    /** The port the HTTP API listens on (the real one when {@code --api-port 0}). */
    int apiPort() {
        return app.apiPort();
    }

    /**
     * Stops the process gracefully (WebSockets closed with 1001, then rooms, storage and database, see
     * {@link PromptcardsApp#close()}), once; later calls do nothing.
     */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs or has run: closeServer() below is then a no-op or waits for nothing
        }
        closeServer();
    }

    private void closeServer() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("stopping: closing every WebSocket (1001 going away)");
        try {
            app.close();
        } finally {
            deletePortFile(settings.portFile());
            deletePortFile(settings.apiPortFile());
        }
        log.info("stopped");
    }

    /** http://HOST:PORT/ (https:// with TLS) as a browser on this machine reaches it. */
    String httpUrl() {
        return (settings.tls() == null ? "http://" : "https://") + urlHost() + ":" + port() + "/";
    }

    /**
     * http://HOST:PORT/w/{workspace}/c/{card}, the page that edits a card.
     *
     * @param workspace the workspace, or a placeholder such as {@code {workspace}}
     * @param card the card, or a placeholder
     */
    String editorUrl(String workspace, String card) {
        return httpUrl() + "w/" + workspace + "/c/" + card;
    }

    /** http://HOST:API_PORT/api/v1 (https:// with TLS), the base of every endpoint of the HTTP API. */
    String apiUrl() {
        return (settings.tls() == null ? "http://" : "https://") + urlHost() + ":" + apiPort() + ApiServer.BASE_PATH;
    }

    /** ws://HOST:PORT/ws (wss:// with TLS), the base of every card's WebSocket URL. */
    String webSocketBase() {
        return (settings.tls() == null ? "ws://" : "wss://") + urlHost() + ":" + port() + "/ws";
    }

    private void announce(PrintWriter out) {
        String http = httpUrl();
        String welcome = editorUrl(Authentication.DEV_WORKSPACE, WELCOME_CARD);
        out.println("promptcards is listening on " + settings.address().replaceFirst(":\\d+$", "")
                + ":" + port());
        out.println("  open:      " + http + (auth.devMode() ? " (the page holds a dev token)" : ""));
        out.println("  editor:    " + (auth.devMode()
                ? welcome + " (open it in two browsers to edit the card together)"
                : editorUrl("{workspace}", "{card}") + "#token=JWT"));
        out.println("  WebSocket: " + webSocketBase() + "/{workspace}/{card}?token=JWT");
        out.println("  API: " + apiUrl() + "   described by: " + apiUrl() + "/openapi.json");
        out.println("  health:    " + http + "healthz   ready: " + http + "readyz   metrics: " + http
                + "metrics");
        out.println("  cards:     stored in " + app.databaseDescription());
        if (auth.devMode()) {
            out.println("Dev mode: an editor's token for every card of workspace \""
                    + Authentication.DEV_WORKSPACE + "\", valid "
                    + SettingValues.formatDuration(Authentication.DEV_TOKEN_TTL)
                    + ", across restarts:");
            out.println("  " + webSocketBase() + "/" + Authentication.DEV_WORKSPACE + "/{card}?token="
                    + auth.devToken());
            out.println("  signed with the dev secret kept in " + auth.devSecretFile()
                    + " (delete it to invalidate every dev token)");
        }
        out.println("Stop with Ctrl-C or SIGTERM.");
        out.flush();
        if (auth.devMode()) {
            log.warn("DEV MODE: no JWT setting and bound to loopback ({}): connections need a dev"
                    + " token signed with the secret in {} (see above / the editor at {})", settings.host(),
                    auth.devSecretFile(), welcome);
        }
    }

    /** The host in printed URLs: a wildcard address is reached as localhost; IPv6 in brackets. */
    private String urlHost() {
        String host = settings.host();
        try {
            if (InetAddress.getByName(host.startsWith("[") ? host : host.contains(":")
                    ? "[" + host + "]" : host).isAnyLocalAddress()) {
                return "localhost";
            }
        } catch (UnknownHostException e) {
            // resolved when the settings were checked; keep the name as given
        }
        if (host.contains(":") && !host.startsWith("[")) {
            return "[" + host + "]";
        }
        return host;
    }

    /** Writes a port to its port file through a temporary file, so readers see all or nothing. */
    private static void writePortFile(Path file, int port) {
        if (file == null) {
            return;
        }
        try {
            Path absolute = file.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".port", ".tmp");
            Files.writeString(temporary, port + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static void deletePortFile(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("cannot delete the port file {}: {}", file, e.getMessage());
            }
        }
    }
}
