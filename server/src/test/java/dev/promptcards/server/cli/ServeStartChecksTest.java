package dev.promptcards.server.cli;

import static dev.promptcards.server.cli.CommandRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.server.cli.CommandRuns.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code serve} refuses before it starts anything, each with a message naming the value and what to do
 * ({@link StartChecks}): a port in use, a data directory another serve runs its PostgreSQL in, a database
 * host that does not resolve.
 */
class ServeStartChecksTest {

    @TempDir
    Path dir;

    private static ServerSocket taken() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    /** The port of "e.g. --port 12345 (free now)" in {@code err}, checked to be free and near the taken one. */
    private static int suggested(String err, String option, int taken) throws IOException {
        Matcher matcher = Pattern.compile("e\\.g\\. " + option + " (\\d+) \\(free now\\)").matcher(err);
        assertTrue(matcher.find(), err);
        int port = Integer.parseInt(matcher.group(1));
        assertTrue(port > taken && port <= taken + 100, err);
        try (ServerSocket free = new ServerSocket()) {
            free.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        return port;
    }

    @Test
    void a_port_in_use_is_refused_before_the_database_starts_suggesting_a_free_one() throws Exception {
        Path dataDir = dir.resolve("data");
        try (ServerSocket socket = taken()) {
            int port = socket.getLocalPort();

            Run run = run(Map.of(), "serve", "--port", Integer.toString(port), "--api-port", "0",
                    "--data-dir", dataDir.toString());

            assertEquals(1, run.exitCode());
            int free = suggested(run.err(), "--port", port);
            assertEquals("Error: port " + port + " on 127.0.0.1 (--port) is in use, by another promptcards serve or"
                    + " another program: choose another with --port, e.g. --port " + free + " (free now), or stop"
                    + " what uses it.\n", run.err().replace(System.lineSeparator(), "\n"));
            assertEquals("", run.out(), "nothing started: no embedded PostgreSQL, no settings printed");
            assertFalse(Files.exists(dataDir.resolve("postgres")), "the embedded PostgreSQL was not set up");
        }
    }

    @Test
    void the_api_port_in_use_names_api_port_and_the_variable_it_came_from() throws Exception {
        try (ServerSocket socket = taken()) {
            int port = socket.getLocalPort();

            Run run = run(Map.of("PROMPTCARDS_API_PORT", Integer.toString(port)), "serve", "--port", "0",
                    "--data-dir", dir.resolve("data").toString());

            assertEquals(1, run.exitCode());
            int free = suggested(run.err(), "--api-port", port);
            assertEquals("Error: port " + port + " on 127.0.0.1 (the HTTP API's --api-port, from"
                    + " PROMPTCARDS_API_PORT) is in use, by another promptcards serve or another program: choose"
                    + " another with --api-port, e.g. --api-port " + free + " (free now), or stop what uses it.\n",
                    run.err().replace(System.lineSeparator(), "\n"));
            assertFalse(Files.exists(dir.resolve("data/postgres")));
        }
    }

    @Test
    void both_ports_in_use_are_each_named_with_a_different_free_port() throws Exception {
        try (ServerSocket first = taken(); ServerSocket second = taken()) {
            Run run = run(Map.of(), "serve", "--port", Integer.toString(first.getLocalPort()),
                    "--api-port", Integer.toString(second.getLocalPort()), "--data-dir", dir.resolve("data").toString());

            assertEquals(1, run.exitCode());
            String[] lines = run.err().split("\\R");
            assertEquals(2, lines.length, run.err());
            assertTrue(lines[0].startsWith("Error: port " + first.getLocalPort() + " on 127.0.0.1 (--port) is in use"),
                    run.err());
            assertTrue(lines[1].startsWith("Error: port " + second.getLocalPort()
                    + " on 127.0.0.1 (the HTTP API's --api-port) is in use"), run.err());
            int forServer = suggested(lines[0], "--port", first.getLocalPort());
            int forApi = suggested(lines[1], "--api-port", second.getLocalPort());
            assertTrue(forServer != forApi && forServer != second.getLocalPort()
                    && forApi != first.getLocalPort(), run.err());
        }
    }

    @Test
    void a_second_serve_on_the_data_dir_of_a_running_one_is_refused_suggesting_data_dir() {
        Path dataDir = dir.resolve("data");
        ServeSettings settings = CommandRuns.settings(Map.of(), "serve", "--port", "0", "--api-port", "0",
                "--data-dir", dataDir.toString());
        try (RunningServer first = RunningServer.start(settings, Authentication.of(settings),
                new PrintWriter(new StringWriter(), true))) {

            Run second = run(Map.of(), "serve", "--port", "0", "--api-port", "0", "--data-dir", dataDir.toString());

            assertEquals(1, second.exitCode());
            Path absolute = dataDir.toAbsolutePath();
            assertEquals("Error: the data directory " + absolute + " (--data-dir) is in use: another promptcards"
                    + " serve runs its embedded PostgreSQL (" + absolute.resolve("postgres") + "). Stop that serve,"
                    + " or give this one a directory of its own with --data-dir DIR.\n",
                    second.err().replace(System.lineSeparator(), "\n"));
            assertEquals("", second.out());
            assertTrue(first.port() > 0);
        }
    }

    @Test
    void a_database_host_that_does_not_resolve_is_named() {
        // .invalid never resolves (RFC 6761 section 6.4)
        Run run = run(Map.of("PROMPTCARDS_DB_URL", "jdbc:postgresql://cards-db.invalid:5432/cards?password=hunter2"),
                "serve", "--port", "0", "--api-port", "0", "--data-dir", dir.resolve("data").toString());

        assertEquals(1, run.exitCode());
        assertEquals("Error: could not resolve the host 'cards-db.invalid' of the database URL"
                + " jdbc:postgresql://cards-db.invalid:5432/cards?password=*** (--db-url, from PROMPTCARDS_DB_URL):"
                + " check its spelling, or give the database server's IP address.\n",
                run.err().replace(System.lineSeparator(), "\n"));
        assertEquals("", run.out());
    }
}
