package dev.promptcards.server.cli;

import dev.promptcards.persistence.DatabaseConfig;
import dev.promptcards.persistence.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code serve} checks before it starts anything (the embedded PostgreSQL takes seconds to start and
 * would only be stopped again): that its two ports are free, that no other serve runs the embedded
 * PostgreSQL of its data directory, and that the hosts of {@code --db-url} resolve. Each problem is one
 * message naming the value, its flag, and what to do.
 */
final class StartChecks {

    /** How far past a taken port the suggestion of a free one looks. */
    private static final int SUGGESTION_RANGE = 100;

    private final ServeSettings settings;
    private final Function<String, String> variableUsed;
    /** Ports taken or already suggested: never suggested (again). */
    private final Set<Integer> unavailable = new HashSet<>();

    /**
     * @param settings the checked settings
     * @param variableUsed the environment variable an option's value came from, else null
     */
    private StartChecks(ServeSettings settings, Function<String, String> variableUsed) {
        this.settings = settings;
        this.variableUsed = variableUsed;
        unavailable.add(settings.port());
        unavailable.add(settings.apiPort());
    }

    /**
     * The problems that would stop the start, each a message for the operator.
     *
     * @param settings the checked settings
     * @param variableUsed the environment variable ("PROMPTCARDS_PORT") an option's ("--port") value came from,
     *                     null when it came from the command line or is the default
     * @return the problems, empty when the start can go ahead
     */
    static List<String> problems(ServeSettings settings, Function<String, String> variableUsed) {
        StartChecks checks = new StartChecks(settings, variableUsed);
        List<String> problems = new ArrayList<>();
        checks.port(settings.port(), "--port", "").ifPresent(problems::add);
        checks.port(settings.apiPort(), "--api-port", "the HTTP API's ").ifPresent(problems::add);
        if (settings.dbUrl() == null) {
            checks.dataDir().ifPresent(problems::add);
        } else {
            checks.databaseHosts().ifPresent(problems::add);
        }
        return problems;
    }

    private Optional<String> port(int port, String option, String what) {
        if (port == 0) {
            return Optional.empty();
        }
        String where = "port " + port + " on " + settings.host() + " (" + what + flag(option) + ")";
        String problem = bindProblem(port);
        if (problem == null) {
            return Optional.empty();
        }
        String free = suggestion(port);
        String choose = "choose another with " + option + (free == null ? " (" + option + " 0 takes any free port)"
                : ", e.g. " + option + " " + free + " (free now)");
        if (problem.contains("in use")) {
            return Optional.of(where + " is in use, by another promptcards serve or another program: "
                    + choose + ", or stop what uses it.");
        }
        return Optional.of("cannot listen on " + where + ": " + problem + "; " + choose + ".");
    }

    /** Why the server could not listen on {@code port} of its host, or null when it could. */
    private String bindProblem(int port) {
        // as the server binds: SO_REUSEADDR (a port whose last connections linger in TIME_WAIT is free)
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(settings.host(), port));
            return null;
        } catch (BindException e) {
            return e.getMessage() == null ? "Address already in use" : e.getMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** A port after {@code taken} that is free now and neither configured nor suggested; null if none near. */
    private String suggestion(int taken) {
        for (int port = taken + 1; port <= Math.min(65535, taken + SUGGESTION_RANGE); port++) {
            if (!unavailable.contains(port) && bindProblem(port) == null) {
                unavailable.add(port);
                return Integer.toString(port);
            }
        }
        return null;
    }

    private Optional<String> dataDir() {
        boolean inUse;
        try {
            inUse = EmbeddedDatabase.inUse(settings.dataDir());
        } catch (UncheckedIOException e) {
            // the embedded PostgreSQL's own start reports what is wrong with the directory
            return Optional.empty();
        }
        if (!inUse) {
            return Optional.empty();
        }
        var directory = settings.dataDir().toAbsolutePath().normalize();
        return Optional.of("the data directory " + directory + " (" + flag("--data-dir")
                + ") is in use: another promptcards serve runs its embedded PostgreSQL ("
                + directory.resolve(EmbeddedDatabase.SUBDIRECTORY) + "). Stop that serve, or give this one a"
                + " directory of its own with --data-dir DIR.");
    }

    private Optional<String> databaseHosts() {
        for (String host : DatabaseConfig.hosts(settings.dbUrl())) {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                return Optional.of("could not resolve the host '" + host + "' of the database URL "
                        + ServeSettings.redactPassword(settings.dbUrl()) + " (" + flag("--db-url")
                        + "): check its spelling, or give the database server's IP address.");
            }
        }
        return Optional.empty();
    }

    /** "--port", or "--port, from PROMPTCARDS_PORT" when its value came from the variable. */
    private String flag(String option) {
        String variable = variableUsed.apply(option);
        return variable == null ? option : option + ", from " + variable;
    }
}
