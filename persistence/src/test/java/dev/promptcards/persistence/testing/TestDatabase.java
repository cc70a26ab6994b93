package dev.promptcards.persistence.testing;

import dev.promptcards.persistence.Database;
import dev.promptcards.persistence.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * A fresh, empty PostgreSQL database for one test class, on a real server: an embedded PostgreSQL started
 * once per test JVM, or the server of {@code PROMPTCARDS_TEST_DB_URL} when that is set.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestDatabase db = new TestDatabase();
 *
 * @Test
 * void something() {
 *     try (Database database = db.open()) { ... }
 * }
 * }</pre>
 *
 * <p>The database ({@code pc_test_} and a random suffix) is created on the first {@link #open()} or
 * {@link #config()} and dropped after the test class (the extension's afterAll) or on {@link #close()}, which
 * also closes the {@link Database}s still open.
 *
 * <p>{@code PROMPTCARDS_TEST_DB_URL} is a JDBC URL of a database that the user may create databases from,
 * e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}; the user and password come from the URL
 * or from {@code PROMPTCARDS_TEST_DB_USER} and {@code PROMPTCARDS_TEST_DB_PASSWORD}.
 */
public final class TestDatabase implements AutoCloseable, AfterAllCallback {

    /** The environment variable naming an external server; unset or blank: embedded. */
    public static final String URL_VARIABLE = "PROMPTCARDS_TEST_DB_URL";

    /** Names of the databases this creates start with this. */
    public static final String NAME_PREFIX = "pc_test_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Database> opened = new ArrayList<>();
    private String name;
    private DatabaseConfig config;

    /** A test database; nothing happens until the first {@link #open()} or {@link #config()}. */
    public TestDatabase() {
    }

    /**
     * Opens the database (migrated to the newest schema); several may be open at once, on the same data.
     *
     * @return the open database; close it, or leave it to {@link #close()}
     */
    public synchronized Database open() {
        Database database = Database.start(config());
        opened.add(database);
        return database;
    }

    /**
     * How to reach this test's database (created now if it is not yet), e.g. for a server under test.
     *
     * @return the config
     */
    public synchronized DatabaseConfig config() {
        if (config == null) {
            Server server = Server.get();
            String candidate = NAME_PREFIX + HexFormat.of().formatHex(randomBytes(6));
            server.execute("create database " + candidate);
            name = candidate;
            config = server.configFor(candidate);
        }
        return config;
    }

    /**
     * The database's name (created now if it is not yet).
     *
     * @return {@code pc_test_} and 12 hex digits
     */
    public synchronized String name() {
        config();
        return name;
    }

    /**
     * Whether the databases are on an external server ({@code PROMPTCARDS_TEST_DB_URL}) rather than the
     * embedded one.
     *
     * @return true if external
     */
    public static boolean external() {
        return Server.externalUrl() != null;
    }

    /** Closes the databases still open and drops the database. */
    @Override
    public synchronized void close() {
        for (Database database : opened) {
            database.close();
        }
        opened.clear();
        if (name != null) {
            Server.get().execute("drop database if exists " + name + " with (force)");
            name = null;
            config = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The server the test databases live on, one per JVM. */
    private record Server(String adminUrl, String user, String password) {
        private static Server instance;

        static synchronized Server get() {
            if (instance == null) {
                String url = externalUrl();
                instance = url != null
                        ? new Server(url, blankToNull(System.getenv("PROMPTCARDS_TEST_DB_USER")),
                                blankToNull(System.getenv("PROMPTCARDS_TEST_DB_PASSWORD")))
                        : embedded();
            }
            return instance;
        }

        static String externalUrl() {
            return blankToNull(System.getenv(URL_VARIABLE));
        }

        private static Server embedded() {
            try {
                // A throwaway data directory (removed on exit) with zonky's fast test settings (no fsync).
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(120))
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .start();
                return new Server("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                        "postgres", null);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL for the tests", e);
            }
        }

        void execute(String sql) {
            Properties properties = new Properties();
            if (user != null) {
                properties.setProperty("user", user);
            }
            if (password != null) {
                properties.setProperty("password", password);
            }
            try (Connection c = DriverManager.getConnection(adminUrl, properties);
                    Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed on " + DatabaseConfig.redact(adminUrl), e);
            }
        }

        DatabaseConfig configFor(String database) {
            return new DatabaseConfig(withDatabase(adminUrl, database), user, password, 4);
        }

        /** The URL with its database replaced: {@code jdbc:postgresql://host:port/db?params}. */
        static String withDatabase(String jdbcUrl, String database) {
            String prefix = "jdbc:";
            URI uri = URI.create(jdbcUrl.substring(prefix.length()));
            if (uri.getRawAuthority() == null) {
                throw new IllegalArgumentException(URL_VARIABLE + " must look like "
                        + "jdbc:postgresql://host:port/database, was " + DatabaseConfig.redact(jdbcUrl));
            }
            return prefix + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + database
                    + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
