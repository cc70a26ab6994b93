package dev.promptcards.server.cli;

import static dev.promptcards.server.cli.CommandRuns.run;
import static dev.promptcards.server.cli.CommandRuns.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --api-port} and {@code --api-port-file}: the HTTP API's listener as {@code serve} takes it. */
class ServeApiOptionsTest {

    @Test
    void the_api_listens_on_8081_unless_told_otherwise() {
        ServeSettings settings = settings(Map.of(), "serve");

        assertEquals(8081, settings.apiPort());
        assertNull(settings.apiPortFile());
        assertTrue(settings.describe().contains("  api:      127.0.0.1:8081 (the HTTP API, under /api/v1)"),
                settings.describe());
    }

    @Test
    void the_api_port_comes_from_its_flag_else_its_variable() {
        assertEquals(0, settings(Map.of(), "serve", "--api-port", "0").apiPort());
        assertEquals(9081, settings(Map.of("PROMPTCARDS_API_PORT", "9081"), "serve").apiPort());
        assertEquals(9082, settings(Map.of("PROMPTCARDS_API_PORT", "9081"), "serve", "--api-port", "9082").apiPort());
    }

    @Test
    void an_api_port_out_of_range_is_a_usage_error_naming_where_it_came_from() {
        CommandRuns.Run flag = run(Map.of(), "serve", "--api-port", "65536");
        CommandRuns.Run variable = run(Map.of("PROMPTCARDS_API_PORT", "api"), "serve");

        assertEquals(2, flag.exitCode());
        assertTrue(flag.err().startsWith("Error: Invalid value for --api-port: '65536' is not a port number"
                + " (0 to 65535)"), flag.err());
        assertEquals(2, variable.exitCode());
        assertTrue(variable.err().startsWith("Error: Invalid value for --api-port (from PROMPTCARDS_API_PORT): 'api'"
                + " is not a port number (0 to 65535)"), variable.err());
    }

    @Test
    void the_api_cannot_share_the_websocket_listeners_port() {
        CommandRuns.Run same = run(Map.of(), "serve", "--port", "9000", "--api-port", "9000");
        CommandRuns.Run fromVariable = run(Map.of("PROMPTCARDS_API_PORT", "8080"), "serve");

        assertEquals(2, same.exitCode());
        assertTrue(same.err().startsWith("Error: Invalid value for --api-port: port 9000 is the WebSocket listener's"
                + " --port too: give the HTTP API a port of its own (the default is 8081)"), same.err());
        assertEquals(2, fromVariable.exitCode());
        assertTrue(fromVariable.err().startsWith("Error: Invalid value for --api-port (from PROMPTCARDS_API_PORT):"
                + " port 8080 is the WebSocket listener's --port too"), fromVariable.err());
    }

    @Test
    void both_listeners_may_take_any_free_port() {
        ServeSettings settings = settings(Map.of(), "serve", "--port", "0", "--api-port", "0");

        assertEquals(0, settings.port());
        assertEquals(0, settings.apiPort());
    }

    @Test
    void the_api_port_file_is_a_file_of_its_own(@TempDir Path dir) {
        Path file = dir.resolve("api-port");

        assertEquals(file, settings(Map.of(), "serve", "--api-port-file", file.toString()).apiPortFile());
        CommandRuns.Run shared = run(Map.of(), "serve", "--port-file", file.toString(), "--api-port-file",
                file.toString());
        assertEquals(2, shared.exitCode());
        assertTrue(shared.err().startsWith("Error: Invalid value for --api-port-file: it is the --port-file too:"
                + " give each port a file of its own"), shared.err());
    }
}
