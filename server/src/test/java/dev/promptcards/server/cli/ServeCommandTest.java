package dev.promptcards.server.cli;

import static dev.promptcards.server.cli.CommandRuns.run;
import static dev.promptcards.server.cli.CommandRuns.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.promptcards.persistence.UpdateLogSettings;
import dev.promptcards.server.cli.CommandRuns.Run;
import dev.promptcards.server.room.Limits;
import dev.promptcards.server.room.PresenceBounds;
import dev.promptcards.server.room.UpdateBounds;
import dev.promptcards.server.room.WorkspaceQuotas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";


    @Test
    void defaults_are_loopback_port_8080_in_dev_mode() {
        ServeSettings settings = settings(Map.of(), "serve");

        assertEquals("127.0.0.1", settings.host());
        assertEquals(8080, settings.port());
        assertTrue(settings.loopback());
        assertFalse(settings.requiresJwt());
        assertEquals(Path.of("promptcards-data"), settings.dataDir());
        assertNull(settings.dbUrl());
        assertEquals(UpdateLogSettings.defaults(), settings.logSettings());
        assertNull(settings.redisUrl());
    }

    @Test
    void every_option_is_read_from_its_environment_variable(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n");
        Map<String, String> env = Map.of(
                "PROMPTCARDS_PORT", "9000",
                "PROMPTCARDS_HOST", "0.0.0.0",
                "PROMPTCARDS_DATA_DIR", dir.toString(),
                "PROMPTCARDS_DB_URL", "jdbc:postgresql://db:5432/cards",
                "PROMPTCARDS_REDIS_URL", "redis://bus:6379",
                "PROMPTCARDS_JWT_SECRET", SECRET,
                "PROMPTCARDS_JWT_PUBLIC_KEY", key.toString());

        ServeSettings settings = settings(env, "serve");

        assertEquals(9000, settings.port());
        assertEquals("0.0.0.0", settings.host());
        assertFalse(settings.loopback());
        assertEquals(dir, settings.dataDir());
        assertEquals("jdbc:postgresql://db:5432/cards", settings.dbUrl());
        assertEquals("redis://bus:6379", settings.redisUrl());
        assertEquals(SECRET, settings.jwtSecret());
        assertEquals(key, settings.jwtPublicKey());
    }

    @Test
    void a_flag_wins_over_its_environment_variable() {
        ServeSettings settings =
                settings(Map.of("PROMPTCARDS_PORT", "9000", "PROMPTCARDS_HOST", "0.0.0.0"),
                        "serve", "--port", "9100", "--host", "localhost");

        assertEquals(9100, settings.port());
        assertEquals("localhost", settings.host());
    }

    @Test
    void an_empty_environment_variable_counts_as_unset() {
        ServeSettings settings = settings(Map.of("PROMPTCARDS_PORT", ""), "serve");

        assertEquals(8080, settings.port());
    }

    @Test
    void port_out_of_range_is_a_usage_error() {
        Run run = run(Map.of(), "serve", "--port", "70000");

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(
                "Error: Invalid value for --port: '70000' is not a port number (0 to 65535)\n"
                        + "Try 'promptcards serve --help' for more information.\n",
                run.err().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void a_bad_value_from_the_environment_names_the_variable() {
        Run run = run(Map.of("PROMPTCARDS_PORT", "http"), "serve");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith(
                "Error: Invalid value for --port (from PROMPTCARDS_PORT): 'http' is not a port number"
                        + " (0 to 65535)"), run.err());
    }

    @Test
    void port_zero_means_any_free_port() {
        assertEquals(0, settings(Map.of(), "serve", "--port", "0").port());
    }

    @Test
    void loopback_hosts_need_no_jwt_setting() {
        for (String host : new String[] {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"}) {
            assertTrue(settings(Map.of(), "serve", "--host", host).loopback(), host);
        }
    }

    @Test
    void dev_mode_with_a_secret_others_can_read_refuses_to_start_saying_how_to_fix_it(
            @TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("dev-jwt-secret"), "00".repeat(32) + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));

        Run run = run(Map.of(), "serve", "--port", "0", "--data-dir", dir.toString());

        assertEquals(1, run.exitCode());
        assertEquals("Error: the dev mode secret '" + secret + "' is accessible to group or others"
                + " (rw-r--r--): anyone who can read it can sign tokens; run 'chmod 600 " + secret + "'",
                run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void non_loopback_host_without_jwt_setting_refuses_to_start() {
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10"}) {
            Run run = run(Map.of(), "serve", "--host", host);

            assertEquals(2, run.exitCode(), host);
            assertEquals("", run.out(), host);
            assertTrue(run.err().startsWith("Error: Refusing to start: host " + host
                    + " is not a loopback address and no JWT setting is given"), run.err());
        }
    }

    @Test
    void non_loopback_host_starts_with_a_jwt_secret() {
        ServeSettings settings =
                settings(Map.of("PROMPTCARDS_JWT_SECRET", SECRET), "serve", "--host", "0.0.0.0");

        assertFalse(settings.loopback());
        assertTrue(settings.requiresJwt());
    }

    @Test
    void malformed_hosts_are_rejected_before_any_lookup() {
        assertTrue(run(Map.of(), "serve", "--host", "256.1.1.1").err()
                .startsWith("Error: Invalid value for --host: '256.1.1.1' is not an IPv4 address"));
        assertTrue(run(Map.of(), "serve", "--host", "bad host!").err()
                .startsWith("Error: Invalid value for --host: 'bad host!' is neither an IP address nor"
                        + " a valid host name"));
        assertEquals(2, run(Map.of(), "serve", "--host", "").exitCode());
    }

    @Test
    void short_jwt_secret_is_rejected_without_printing_it() {
        Run run = run(Map.of("PROMPTCARDS_JWT_SECRET", "tooshort"), "serve");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Error: Invalid value for --jwt-secret (from"
                + " PROMPTCARDS_JWT_SECRET): the secret is too short: HS256 needs at least 32 bytes"));
        assertFalse(run.err().contains("tooshort"));
    }

    @Test
    void a_previous_jwt_secret_without_a_current_one_is_refused_saying_what_it_is_for() {
        Run run = run(Map.of("PROMPTCARDS_JWT_PREVIOUS_SECRET", SECRET), "serve");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Error: Invalid value for --jwt-previous-secret (from"
                + " PROMPTCARDS_JWT_PREVIOUS_SECRET): it needs --jwt-secret"), run.err());
        assertFalse(run.err().contains(SECRET));
    }

    @Test
    void urls_and_files_are_checked() {
        assertTrue(run(Map.of(), "serve", "--db-url", "postgres://db/cards").err()
                .startsWith("Error: Invalid value for --db-url: 'postgres://db/cards' is not a"
                        + " PostgreSQL JDBC URL"));
        assertTrue(run(Map.of(), "serve", "--redis-url", "http://bus").err()
                .startsWith("Error: Invalid value for --redis-url: 'http://bus' is not a Redis URL"));
        assertTrue(run(Map.of(), "serve", "--jwt-public-key", "/no/such/key.pem").err()
                .startsWith("Error: Invalid value for --jwt-public-key: '/no/such/key.pem' is not a"
                        + " readable file"));
    }

    @Test
    void passwords_in_urls_are_not_shown() {
        String described = settings(Map.of(), "serve",
                "--db-url", "jdbc:postgresql://db/cards?user=app&password=hunter2",
                "--redis-url", "redis://app:hunter2@bus:6379").describe();

        assertFalse(described.contains("hunter2"), described);
        assertTrue(described.contains("jdbc:postgresql://db/cards?user=app&password=***"), described);
        assertTrue(described.contains("redis://app:***@bus:6379"), described);
    }

    @Test
    void no_subcommand_prints_the_usage_and_fails() {
        Run run = run(Map.of());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("Usage: promptcards [-hV] [COMMAND]"), run.err());
    }

    @Test
    void demo_runs_the_crdt_demonstration() {
        Run run = run(Map.of(), "demo");

        assertEquals("", run.err());
        assertTrue(run.out().contains(
                "  A: title \"Short summary\", template \"Summarize the following {{text}} in one"
                        + " sentence.\""), run.out());
        assertTrue(run.out().contains(
                "  B: title \"Short summary\", template \"Summarize the following {{text}} in one"
                        + " sentence.\""), run.out());
        assertTrue(run.out().contains("Converged: yes"), run.out());
        assertEquals(0, run.exitCode());
    }

    @Test
    void limits_default_to_limits_defaults() {
        assertEquals(Limits.defaults(), settings(Map.of(), "serve").limits());
    }

    @Test
    void every_limit_is_read_from_its_flag() {
        Limits limits = settings(Map.of(), "serve",
                "--max-frame-bytes", "64KiB",
                "--max-card-bytes", "1GiB",
                "--max-messages-per-second", "50",
                "--max-outbound-bytes", "1048576",
                "--handshake-timeout", "500ms",
                "--max-rooms", "7",
                "--max-connections", "9",
                "--room-unload-grace", "2m",
                "--max-awareness-clients", "11").limits();

        assertEquals(new Limits(65536, 1L << 30, 50, 100, 1048576, Duration.ofMillis(500), 7, 9,
                Duration.ofMinutes(2), 11), limits);
    }

    @Test
    void every_limit_is_read_from_its_environment_variable() {
        Map<String, String> env = Map.of(
                "PROMPTCARDS_MAX_FRAME_BYTES", "1MiB",
                "PROMPTCARDS_MAX_CARD_BYTES", "8MiB",
                "PROMPTCARDS_MAX_MESSAGES_PER_SECOND", "1000",
                "PROMPTCARDS_MAX_OUTBOUND_BYTES", "2MiB",
                "PROMPTCARDS_HANDSHAKE_TIMEOUT", "PT3S",
                "PROMPTCARDS_MAX_ROOMS", "100",
                "PROMPTCARDS_MAX_CONNECTIONS", "200",
                "PROMPTCARDS_ROOM_UNLOAD_GRACE", "1h",
                "PROMPTCARDS_MAX_AWARENESS_CLIENTS", "300");

        Limits limits = settings(env, "serve").limits();

        assertEquals(new Limits(1 << 20, 8L << 20, 1000, 2000, 2L << 20, Duration.ofSeconds(3), 100,
                200, Duration.ofHours(1), 300), limits);
    }

    @Test
    void the_update_presence_and_workspace_bounds_are_read_from_flags_and_variables() {
        Map<String, String> env = Map.of(
                "PROMPTCARDS_MAX_PENDING_BYTES", "2MiB",
                "PROMPTCARDS_MAX_UPDATE_CLIENTS", "50",
                "PROMPTCARDS_MAX_UPDATE_STRUCTS", "9000",
                "PROMPTCARDS_MAX_AWARENESS_STATE_BYTES", "4KiB",
                "PROMPTCARDS_MAX_CONNECTIONS_PER_WORKSPACE", "30");

        Limits limits = settings(env, "serve",
                "--max-card-clients", "500",
                "--max-awareness-bytes", "256KiB",
                "--max-awareness-clients-per-connection", "2",
                "--max-rooms-per-workspace", "40").limits();

        assertEquals(new UpdateBounds(2L << 20, 50, 500, 9_000), limits.updates());
        assertEquals(new PresenceBounds(4096, 256L << 10, 2, 32L << 10), limits.presence());
        assertEquals(new WorkspaceQuotas(30, 40), limits.quotas());
    }

    @Test
    void the_awareness_bytes_per_subject_are_read_from_a_flag_or_a_variable_and_may_not_exceed_the_cards() {
        assertEquals(new PresenceBounds(8192, 4L << 20, 4, 1L << 20), settings(Map.of(), "serve",
                "--max-awareness-bytes-per-subject", "1MiB").limits().presence());
        assertEquals(new PresenceBounds(8192, 64L << 10, 4, 16L << 10), settings(Map.of(
                "PROMPTCARDS_MAX_AWARENESS_BYTES_PER_SUBJECT", "16KiB"), "serve",
                "--max-awareness-bytes", "64KiB").limits().presence());
        assertEquals("Error: Invalid limits: maxAwarenessBytesPerSubject must be at most maxAwarenessBytes"
                        + " (65536), got 131072",
                firstLine(run(Map.of(), "serve", "--max-awareness-bytes", "64KiB",
                        "--max-awareness-bytes-per-subject", "128KiB").err()));
    }

    @Test
    void a_limit_flag_wins_over_its_environment_variable() {
        Limits limits = settings(Map.of("PROMPTCARDS_MAX_ROOMS", "100"), "serve", "--max-rooms", "5")
                .limits();

        assertEquals(5, limits.maxRooms());
    }

    @Test
    void bad_limit_values_are_usage_errors_naming_the_flag_or_variable() {
        assertEquals("Error: Invalid value for --max-frame-bytes: '4MB' is not a size: give bytes"
                        + " (65536) or a whole number of KiB, MiB or GiB (64KiB, 4MiB)",
                firstLine(run(Map.of(), "serve", "--max-frame-bytes", "4MB").err()));
        assertEquals("Error: Invalid value for --max-frame-bytes: '4GiB' is too large (at most"
                        + " 2147483647)",
                firstLine(run(Map.of(), "serve", "--max-frame-bytes", "4GiB").err()));
        assertEquals("Error: Invalid value for --handshake-timeout (from"
                        + " PROMPTCARDS_HANDSHAKE_TIMEOUT): 'soon' is not a duration: give a whole number of"
                        + " ms, s, m or h (500ms, 10s, 2m) or an ISO-8601 duration (PT10S)",
                firstLine(run(Map.of("PROMPTCARDS_HANDSHAKE_TIMEOUT", "soon"), "serve").err()));
        assertEquals("Error: Invalid value for --max-connections: '0' must be at least 1",
                firstLine(run(Map.of(), "serve", "--max-connections", "0").err()));
        assertEquals("Error: Invalid value for --room-unload-grace: '0s' must be longer than zero",
                firstLine(run(Map.of(), "serve", "--room-unload-grace", "0s").err()));
        assertEquals(2, run(Map.of(), "serve", "--max-rooms", "many").exitCode());
        assertEquals("Error: Invalid value for --max-awareness-clients (from"
                        + " PROMPTCARDS_MAX_AWARENESS_CLIENTS): '0' must be at least 1",
                firstLine(run(Map.of("PROMPTCARDS_MAX_AWARENESS_CLIENTS", "0"), "serve").err()));
    }

    @Test
    void the_help_states_the_real_default_of_every_limit() {
        Limits defaults = Limits.defaults();
        String help = run(Map.of(), "serve", "--help").out().replaceAll("\\s+", " ");

        assertTrue(help.contains("PROMPTCARDS_MAX_FRAME_BYTES; default "
                + SettingValues.formatBytes(defaults.maxFrameBytes()) + "."), help);
        assertTrue(help.contains("PROMPTCARDS_MAX_CARD_BYTES; default "
                + SettingValues.formatBytes(defaults.maxCardBytes()) + "."), help);
        assertTrue(help.contains("PROMPTCARDS_MAX_MESSAGES_PER_SECOND; default "
                + defaults.messagesPerSecond() + "."), help);
        assertEquals(2 * defaults.messagesPerSecond(), defaults.messageBurst(),
                "the help says bursts are twice the rate");
        assertTrue(help.contains("PROMPTCARDS_MAX_OUTBOUND_BYTES; default "
                + SettingValues.formatBytes(defaults.maxOutboundBytes()) + "."), help);
        assertTrue(help.contains("PROMPTCARDS_HANDSHAKE_TIMEOUT; default "
                + SettingValues.formatDuration(defaults.handshakeTimeout()) + "."), help);
        assertTrue(help.contains("PROMPTCARDS_MAX_ROOMS; default " + defaults.maxRooms() + "."),
                help);
        assertTrue(help.contains("PROMPTCARDS_MAX_CONNECTIONS; default "
                + defaults.maxConnections() + "."), help);
        assertTrue(help.contains("PROMPTCARDS_ROOM_UNLOAD_GRACE; default "
                + SettingValues.formatDuration(defaults.roomUnloadGrace()) + "."), help);
        assertTrue(help.contains("PROMPTCARDS_MAX_AWARENESS_CLIENTS; default "
                + defaults.maxAwarenessClients() + "."), help);
    }

    @Test
    void every_option_names_its_environment_variable_in_the_help() {
        String help = run(Map.of(), "serve", "--help").out().replaceAll("\\s+", " ");

        for (String variable : CommandRuns.serveVariables().values()) {
            assertTrue(help.contains("Env " + variable), variable + " in:\n" + help);
        }
    }

    @Test
    void the_port_file_must_be_in_an_existing_directory(@TempDir Path dir) {
        assertEquals(dir.resolve("port"),
                settings(Map.of(), "serve", "--port-file", dir.resolve("port").toString()).portFile());
        assertEquals("Error: Invalid value for --port-file: the directory of '"
                        + dir.resolve("nowhere/port") + "' does not exist",
                firstLine(run(Map.of(), "serve", "--port-file", dir.resolve("nowhere/port").toString())
                        .err()));
    }

    @Test
    void storage_settings_come_from_flags_or_their_environment_variables() {
        ServeSettings flags = settings(Map.of(), "serve", "--db-url", "jdbc:postgresql://db/cards",
                "--db-user", "app", "--db-password", "hunter2", "--group-commit-window", "5ms",
                "--compact-after-rows", "50", "--compact-after-bytes", "64KiB");
        ServeSettings env = settings(Map.of(
                "PROMPTCARDS_DB_URL", "jdbc:postgresql://db/cards",
                "PROMPTCARDS_DB_USER", "app",
                "PROMPTCARDS_DB_PASSWORD", "hunter2",
                "PROMPTCARDS_GROUP_COMMIT_WINDOW", "5ms",
                "PROMPTCARDS_COMPACT_AFTER_ROWS", "50",
                "PROMPTCARDS_COMPACT_AFTER_BYTES", "64KiB"), "serve");

        for (ServeSettings settings : new ServeSettings[] {flags, env}) {
            assertEquals("app", settings.dbUser());
            assertEquals("hunter2", settings.dbPassword());
            assertEquals(UpdateLogSettings.defaults().withGroupCommitWindow(Duration.ofMillis(5))
                    .withCompactAfterRows(50).withCompactAfterBytes(64 * 1024), settings.logSettings());
            assertFalse(settings.describe().contains("hunter2"), settings.describe());
            assertFalse(settings.toString().contains("hunter2"), settings.toString());
            assertTrue(settings.describe().contains(
                    "  database: jdbc:postgresql://db/cards as app (password set)"), settings.describe());
            assertTrue(settings.describe().contains(
                    "  storage:  group commit 5ms, compaction after 50 rows or 64KiB"), settings.describe());
        }
    }

    @Test
    void a_group_commit_window_of_zero_commits_at_once() {
        assertEquals(Duration.ZERO,
                settings(Map.of(), "serve", "--group-commit-window", "0").logSettings().groupCommitWindow());
        assertEquals(Duration.ZERO,
                settings(Map.of(), "serve", "--group-commit-window", "0ms").logSettings()
                        .groupCommitWindow());
        assertEquals("Error: Invalid storage settings: groupCommitWindow must be between 0 and 10 s,"
                        + " got PT1M",
                firstLine(run(Map.of(), "serve", "--group-commit-window", "1m").err()));
    }

    @Test
    void a_database_user_without_a_database_url_is_refused() {
        assertEquals("Error: Invalid value for --db-user (from PROMPTCARDS_DB_USER): it is only used"
                        + " with --db-url (the embedded PostgreSQL needs none)",
                firstLine(run(Map.of("PROMPTCARDS_DB_USER", "app"), "serve").err()));
    }

    @Test
    void the_data_dir_defaults_to_promptcards_data_and_must_be_a_directory(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertTrue(settings(Map.of(), "serve").describe().contains("  data dir: "
                + Path.of("promptcards-data").toAbsolutePath() + System.lineSeparator()
                + "  database: embedded PostgreSQL in "
                + Path.of("promptcards-data", "postgres").toAbsolutePath()));
        assertEquals("Error: Invalid value for --data-dir: '" + file + "' exists and is not a"
                        + " directory",
                firstLine(run(Map.of(), "serve", "--data-dir", file.toString()).err()));
    }

    @Test
    void describe_lists_the_limits() {
        assertTrue(settings(Map.of(), "serve").describe().contains(
                "  limits:   frames 4MiB, cards 32MiB, 300 messages/s (burst 600), outbound 16MiB,"
                        + " handshake 10s, 10000 cards, 10000 connections, unload after 30s,"
                        + " 10000 awareness clients per card"));
    }

    @Test
    void describe_lists_the_bounds_of_updates_presence_and_workspaces() {
        assertTrue(settings(Map.of(), "serve", "--max-update-clients", "50").describe().contains(
                "  bounds:   pending 1MiB, 50 client ids per update, 20000 per card, 200000 structs per update;"
                        + " awareness 8KiB per state, 4MiB per card, 4 ids per connection, 512KiB per token subject;"
                        + " per workspace 2000 connections, 2000 cards"));
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
