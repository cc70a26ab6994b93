package dev.promptcards.server.cli;

import static dev.promptcards.server.cli.CommandRuns.run;
import static dev.promptcards.server.cli.CommandRuns.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options of {@code serve}: their types, their variables declared once, and their errors. */
class ServeOptionsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void every_flag_keeps_its_documented_environment_variable() {
        // Written out: independent clients rely on these names, not on the rule that derives them.
        Map<String, String> documented = new LinkedHashMap<>();
        documented.put("--port", "PROMPTCARDS_PORT");
        documented.put("--api-port", "PROMPTCARDS_API_PORT");
        documented.put("--host", "PROMPTCARDS_HOST");
        documented.put("--data-dir", "PROMPTCARDS_DATA_DIR");
        documented.put("--spill-dir", "PROMPTCARDS_SPILL_DIR");
        documented.put("--db-url", "PROMPTCARDS_DB_URL");
        documented.put("--db-user", "PROMPTCARDS_DB_USER");
        documented.put("--db-password", "PROMPTCARDS_DB_PASSWORD");
        documented.put("--group-commit-window", "PROMPTCARDS_GROUP_COMMIT_WINDOW");
        documented.put("--compact-after-rows", "PROMPTCARDS_COMPACT_AFTER_ROWS");
        documented.put("--compact-after-bytes", "PROMPTCARDS_COMPACT_AFTER_BYTES");
        documented.put("--redis-url", "PROMPTCARDS_REDIS_URL");
        documented.put("--bus-sync-interval", "PROMPTCARDS_BUS_SYNC_INTERVAL");
        documented.put("--admin-token", "PROMPTCARDS_ADMIN_TOKEN");
        documented.put("--openai-base-url", "PROMPTCARDS_OPENAI_BASE_URL");
        // the providers' own variables, as their SDKs read them (issue 13)
        documented.put("--openai-api-key", "OPENAI_API_KEY");
        documented.put("--anthropic-base-url", "PROMPTCARDS_ANTHROPIC_BASE_URL");
        documented.put("--anthropic-api-key", "ANTHROPIC_API_KEY");
        documented.put("--ollama-base-url", "PROMPTCARDS_OLLAMA_BASE_URL");
        documented.put("--provider-concurrency", "PROMPTCARDS_PROVIDER_CONCURRENCY");
        documented.put("--provider-timeout", "PROMPTCARDS_PROVIDER_TIMEOUT");
        documented.put("--price-table", "PROMPTCARDS_PRICE_TABLE");
        documented.put("--jwt-secret", "PROMPTCARDS_JWT_SECRET");
        documented.put("--jwt-previous-secret", "PROMPTCARDS_JWT_PREVIOUS_SECRET");
        documented.put("--jwt-public-key", "PROMPTCARDS_JWT_PUBLIC_KEY");
        documented.put("--tls-cert", "PROMPTCARDS_TLS_CERT");
        documented.put("--tls-key", "PROMPTCARDS_TLS_KEY");
        documented.put("--port-file", "PROMPTCARDS_PORT_FILE");
        documented.put("--api-port-file", "PROMPTCARDS_API_PORT_FILE");
        documented.put("--max-frame-bytes", "PROMPTCARDS_MAX_FRAME_BYTES");
        documented.put("--max-card-bytes", "PROMPTCARDS_MAX_CARD_BYTES");
        documented.put("--max-messages-per-second", "PROMPTCARDS_MAX_MESSAGES_PER_SECOND");
        documented.put("--flood-close-after", "PROMPTCARDS_FLOOD_CLOSE_AFTER");
        documented.put("--max-unstored-bytes", "PROMPTCARDS_MAX_UNSTORED_BYTES");
        documented.put("--max-outbound-bytes", "PROMPTCARDS_MAX_OUTBOUND_BYTES");
        documented.put("--handshake-timeout", "PROMPTCARDS_HANDSHAKE_TIMEOUT");
        documented.put("--max-rooms", "PROMPTCARDS_MAX_ROOMS");
        documented.put("--max-connections", "PROMPTCARDS_MAX_CONNECTIONS");
        documented.put("--room-unload-grace", "PROMPTCARDS_ROOM_UNLOAD_GRACE");
        documented.put("--max-awareness-clients", "PROMPTCARDS_MAX_AWARENESS_CLIENTS");
        documented.put("--max-awareness-state-bytes", "PROMPTCARDS_MAX_AWARENESS_STATE_BYTES");
        documented.put("--max-awareness-bytes", "PROMPTCARDS_MAX_AWARENESS_BYTES");
        documented.put("--max-awareness-clients-per-connection", "PROMPTCARDS_MAX_AWARENESS_CLIENTS_PER_CONNECTION");
        documented.put("--max-awareness-bytes-per-subject", "PROMPTCARDS_MAX_AWARENESS_BYTES_PER_SUBJECT");
        documented.put("--max-pending-bytes", "PROMPTCARDS_MAX_PENDING_BYTES");
        documented.put("--max-update-clients", "PROMPTCARDS_MAX_UPDATE_CLIENTS");
        documented.put("--max-card-clients", "PROMPTCARDS_MAX_CARD_CLIENTS");
        documented.put("--max-update-structs", "PROMPTCARDS_MAX_UPDATE_STRUCTS");
        documented.put("--max-connections-per-workspace", "PROMPTCARDS_MAX_CONNECTIONS_PER_WORKSPACE");
        documented.put("--max-rooms-per-workspace", "PROMPTCARDS_MAX_ROOMS_PER_WORKSPACE");
        documented.put("--max-heap", "PROMPTCARDS_MAX_HEAP");

        assertEquals(documented, CommandRuns.serveVariables());
    }

    @Command(name = "odd")
    static final class OddCommand {
        @Option(names = "--odd-one")
        @Env(variable = "ODD_VARIABLE")
        String oddOne;

        @Option(names = "--plain-one")
        String plainOne;
    }

    @Test
    void a_variable_off_the_rule_is_declared_on_its_option() {
        CommandSpec odd = new CommandLine(new OddCommand()).getCommandSpec();

        assertEquals("ODD_VARIABLE", EnvironmentDefaults.variableOf(odd.findOption("--odd-one")));
        assertEquals("PROMPTCARDS_PLAIN_ONE",
                EnvironmentDefaults.variableOf(odd.findOption("--plain-one")));
        assertNull(EnvironmentDefaults.variableOf(CommandRuns.serveSpec().findOption("--help")));
    }

    @Test
    void each_option_has_its_type() {
        CommandSpec serve = CommandRuns.serveSpec();

        assertEquals(int.class, serve.findOption("--port").type());
        assertEquals(BindAddress.class, serve.findOption("--host").type());
        assertEquals(Path.class, serve.findOption("--data-dir").type());
        assertEquals(URI.class, serve.findOption("--redis-url").type());
        assertEquals(DataSize.class, serve.findOption("--max-card-bytes").type());
        assertEquals(Duration.class, serve.findOption("--handshake-timeout").type());
        assertEquals(int.class, serve.findOption("--max-rooms").type());
    }

    @Test
    void a_flag_wins_even_over_a_wrong_environment_variable() {
        assertEquals(5, settings(Map.of("PROMPTCARDS_MAX_ROOMS", "many"), "serve", "--max-rooms", "5")
                .limits().maxRooms());
    }

    @Test
    void a_wrong_flag_is_not_blamed_on_its_environment_variable() {
        assertEquals("Error: Invalid value for --port: 'x' is not a port number (0 to 65535)",
                firstLine(run(Map.of("PROMPTCARDS_PORT", "http"), "serve", "--port", "x").err()));
    }

    @Test
    void the_providers_take_their_keys_from_the_variables_their_sdks_read_and_never_show_them() {
        ServeSettings settings = settings(Map.of("OPENAI_API_KEY", "sk-live-secret",
                "PROMPTCARDS_OLLAMA_BASE_URL", "http://gpu-box:11434"), "serve", "--provider-concurrency", "2");

        assertEquals("sk-live-secret", settings.providers().openAiApiKey());
        assertEquals(null, settings.providers().anthropicApiKey());
        assertEquals("http://gpu-box:11434", settings.providers().ollamaBaseUrl().toString());
        assertEquals(2, settings.providers().concurrency());
        assertTrue(settings.describe().contains("openai at https://api.openai.com/v1 (key set)"), settings.describe());
        assertTrue(settings.describe().contains("anthropic at https://api.anthropic.com/v1 (no ANTHROPIC_API_KEY:"
                + " refused)"), settings.describe());
        assertFalse(settings.describe().contains("sk-live-secret"), settings.describe());
    }

    @Test
    void a_provider_url_that_is_not_http_is_refused_naming_its_variable() {
        CommandRuns.Run run = run(Map.of("PROMPTCARDS_OPENAI_BASE_URL", "api.openai.com"), "serve");

        assertEquals(2, run.exitCode());
        assertEquals("Error: Invalid value for --openai-base-url (from PROMPTCARDS_OPENAI_BASE_URL):"
                + " 'api.openai.com' is not an http:// or https:// URL (e.g. https://api.openai.com/v1)",
                firstLine(run.err()));
    }

    @Test
    void an_admin_token_shorter_than_32_characters_is_refused_without_showing_it() {
        CommandRuns.Run run = run(Map.of("PROMPTCARDS_ADMIN_TOKEN", "hunter2"), "serve");

        assertEquals(2, run.exitCode());
        assertTrue(firstLine(run.err()).contains("it must be at least 32 characters"), run.err());
        assertTrue(firstLine(run.err()).contains("--admin-token"), run.err());
        assertFalse(run.err().contains("hunter2"), run.err());
    }

    @Test
    void a_wrong_redis_url_names_its_variable_and_hides_its_password() {
        CommandRuns.Run run = run(Map.of("PROMPTCARDS_REDIS_URL", "http://app:hunter2@bus"), "serve");

        assertEquals(2, run.exitCode());
        assertEquals("Error: Invalid value for --redis-url (from PROMPTCARDS_REDIS_URL):"
                + " 'http://app:***@bus' is not a Redis URL (redis://HOST:PORT or rediss://HOST:PORT)",
                firstLine(run.err()));
    }

    @Test
    void a_short_secret_on_the_command_line_is_not_printed() {
        CommandRuns.Run run = run(Map.of(), "serve", "--jwt-secret", "tooshort");

        assertEquals("Error: Invalid value for --jwt-secret: the secret is too short: HS256 needs at"
                + " least 32 bytes", firstLine(run.err()));
        assertFalse(run.err().contains("tooshort"), run.err());
    }

    @Test
    void the_help_shows_the_defaults_never_the_values_of_the_environment() {
        String help = run(Map.of("PROMPTCARDS_PORT", "9000", "PROMPTCARDS_JWT_SECRET", SECRET),
                "serve", "--help").out().replaceAll("\\s+", " ");

        assertTrue(help.contains("Env PROMPTCARDS_PORT; default 8080."), help);
        assertTrue(help.contains("Env PROMPTCARDS_JWT_SECRET (prefer it: command lines are visible to"
                + " other users)."), help);
        assertTrue(help.contains("Env PROMPTCARDS_DATA_DIR; default ./promptcards-data."), help);
        assertFalse(help.contains(SECRET), help);
        assertFalse(help.contains("9000"), help);
    }

    @Test
    void the_help_shows_even_when_a_variable_is_wrong() {
        CommandRuns.Run run = run(Map.of("PROMPTCARDS_PORT", "http"), "serve", "--help");

        assertEquals("", run.err());
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: promptcards serve"), run.out());
    }

    @Test
    void a_flood_close_after_of_zero_never_closes() {
        assertEquals(Duration.ZERO, settings(Map.of(), "serve", "--flood-close-after", "0s").limits()
                .floodCloseAfter());
    }

    @Test
    void the_redis_url_is_kept_as_given() {
        assertEquals("rediss://bus:6380/0",
                settings(Map.of(), "serve", "--redis-url", "rediss://bus:6380/0").redisUrl());
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }

    @Test
    void the_server_notes_a_jvm_heap_ceiling_that_is_not_the_one_max_heap_asks_for() {
        long asked = 512L << 20;
        // -Xmx512m with the serial collector: the JVM reports it less one survivor space
        assertEquals(Optional.empty(), ServeCommand.heapCeilingNote(asked, asked - (17L << 20)));
        assertEquals(Optional.of("note: the JVM's heap ceiling is 6028 MiB, not --max-heap 512MiB:"
                        + " ./promptcards serve sets it (-Xmx); with java -jar pass -Xmx yourself"),
                ServeCommand.heapCeilingNote(asked, 6028L << 20));
    }
}
