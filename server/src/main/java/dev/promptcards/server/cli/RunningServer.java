package dev.promptcards.server.cli;

import dev.promptcards.persistence.CardRef;
import dev.promptcards.persistence.SpillDirectory;
import dev.promptcards.server.metrics.ProcessMetrics;
import dev.promptcards.server.net.PromptcardsServer;
import dev.promptcards.server.net.ServerConfig;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.ServerMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server that {@code serve} runs: its database opened ({@link CardDatabase}), started from
 * checked settings, announced (the URL to open, a card editor's URL, the WebSocket URL, in dev
 * mode the token, where the cards are stored), and closed once, gracefully, by {@link #close()} or
 * by the shutdown hook when the JVM exits some other way: the server first (every WebSocket
 * closed, the rooms' appends completed), then the storage (flushing what is pending), the database
 * and the embedded PostgreSQL.
 */
final class RunningServer implements AutoCloseable {

    /** The card whose editor URL dev mode prints. */
    static final String WELCOME_CARD = "welcome";

    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private final PromptcardsServer server;
    private final CardDatabase cards;
    private final ProcessMetrics processMetrics;
    private final ServeSettings settings;
    private final Authentication auth;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningServer(PromptcardsServer server, CardDatabase cards, ProcessMetrics processMetrics,
            ServeSettings settings, Authentication auth) {
        this.server = server;
        this.cards = cards;
        this.processMetrics = processMetrics;
        this.settings = settings;
        this.auth = auth;
        this.shutdownHook = new Thread(this::closeServer, "promptcards-shutdown");
    }

    /**
     * Opens the database, binds and starts the server, writes the port file when asked, and prints
     * how to reach it.
     *
     * @throws ServerStartException when the database or the server cannot start (e.g. the port is
     *     taken)
     */
    static RunningServer start(ServeSettings settings, Authentication auth, PrintWriter out) {
        // every meter in one registry, scraped at /metrics: the server's, the process's, the pool's
        ServerMetrics metrics = new ServerMetrics();
        ProcessMetrics processMetrics = ProcessMetrics.bind(metrics.registry());
        CardDatabase cards;
        try {
            cards = CardDatabase.open(settings, out, metrics.registry());
        } catch (RuntimeException e) {
            processMetrics.close();
            throw e;
        }
        SpillDirectory spill = new SpillDirectory(settings.spillDir());
        try {
            List<CardRef> replayed = spill.replay(cards.storage());
            if (!replayed.isEmpty()) {
                out.println("Stored what the last shutdown spilled to " + spill.directory() + " (the database was"
                        + " away): cards " + replayed);
            }
        } catch (RuntimeException e) {
            cards.close();
            processMetrics.close();
            throw new ServerStartException("cannot store what the last shutdown spilled to "
                    + spill.directory() + ": " + rootMessage(e), e);
        }
        ServerConfig config = new ServerConfig(settings.host(), settings.port(), settings.limits(),
                auth.verifier(), auth.devMode(), auth.devToken(), metrics, cards.storage(), spill, settings.tls());
        PromptcardsServer server;
        try {
            server = PromptcardsServer.start(config);
        } catch (Exception e) {
            cards.close();
            processMetrics.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ServerStartException("cannot start the server on " + settings.address() + ": "
                    + rootMessage(e), e);
        }
        RunningServer running = new RunningServer(server, cards, processMetrics, settings, auth);
        Runtime.getRuntime().addShutdownHook(running.shutdownHook);
        try {
            running.writePortFile();
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        running.announce(out);
        return running;
    }

    /**
     * Cards whose latest changes could be stored neither in the database nor in the spill directory when
     * the server stopped.
     *
     * @return 0 unless something was lost; meaningful after {@link #close()}
     */
    int lostCards() {
        return server.rooms().lostCards();
    }

    /** The port the server listens on (the real one when {@code --port 0}). */
    int port() {
        return server.port();
    }

    /**
     * Stops the server gracefully (WebSockets closed with 1001), then closes the storage and the
     * database, once; later calls do nothing.
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
            server.close();
        } finally {
            try {
                // after the server: the rooms' last appends are in the storage's queue, flushed here
                cards.close();
            } finally {
                processMetrics.close();
                deletePortFile();
            }
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
        out.println("  health:    " + http + "healthz   ready: " + http + "readyz   metrics: " + http
                + "metrics");
        out.println("  cards:     stored in " + cards.description());
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

    /** Writes the port to the port file through a temporary file, so readers see all or nothing. */
    private void writePortFile() {
        Path file = settings.portFile();
        if (file == null) {
            return;
        }
        try {
            Path absolute = file.toAbsolutePath();
            Path temporary = Files.createTempFile(absolute.getParent(), ".port", ".tmp");
            Files.writeString(temporary, port() + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private void deletePortFile() {
        if (settings.portFile() != null) {
            try {
                Files.deleteIfExists(settings.portFile());
            } catch (IOException e) {
                log.warn("cannot delete the port file {}: {}", settings.portFile(), e.getMessage());
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }

    /** The server could not start; the message says why, for the operator. */
    static final class ServerStartException extends RuntimeException {
        ServerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
