package dev.promptcards.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * A PostgreSQL database opened for promptcards: a HikariCP pool, the schema migrated to the newest
 * version by Flyway (the scripts in {@code classpath:db/migration}), and a jOOQ context over the pool.
 *
 * <p>{@link #close()} closes the pool; it does not stop the server (see {@link EmbeddedDatabase}).
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Where Flyway finds the schema's migrations (and jOOQ's code generator, at build time). */
    public static final String MIGRATIONS = "classpath:db/migration";
    /** How long a caller waits for a pooled connection before the call fails. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    static {
        // jOOQ prints a banner and a "tip of the day" on first use; neither belongs in a server's log.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private final DatabaseConfig config;
    private final HikariDataSource pool;
    private final DSLContext dsl;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @param config where the database is
     * @return the open database
     * @throws RuntimeException if the database cannot be reached or a migration fails (nothing stays open)
     */
    public static Database start(DatabaseConfig config) {
        return start(config, null);
    }

    /**
     * As {@link #start(DatabaseConfig)}, the pool's meters in {@code registry}: HikariCP's
     * {@code hikaricp.connections} (total, active, idle, pending, min, max), the acquire, usage and creation
     * timers and the timeout counter, tagged {@code pool=promptcards-db}. They leave the registry when the
     * pool is closed.
     *
     * @param config   where the database is
     * @param registry where the pool's meters go; null for none
     * @return the open database
     * @throws RuntimeException if the database cannot be reached or a migration fails (nothing stays open)
     */
    public static Database start(DatabaseConfig config, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("promptcards-db");
        hikari.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hikari.setUsername(config.user());
        }
        if (config.password() != null) {
            hikari.setPassword(config.password());
        }
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        // HikariCP waits 30 s for a connection by default: with the database gone, an append would hang
        // that long before the server knew. 3 s lets rooms hold echoes and /readyz say so quickly.
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (registry != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(pool)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            log.info("Database {}: schema at version {} ({} migration(s) applied now)",
                    DatabaseConfig.redact(config.jdbcUrl()),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
            return new Database(config, pool);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Tells whether the database answers now: a pooled connection that passes {@code isValid}.
     * Blocks up to {@link #CONNECTION_TIMEOUT} plus 2 s.
     *
     * @return true if it answered
     */
    public boolean answers() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The jOOQ context (PostgreSQL dialect) over the pool; thread-safe.
     *
     * @return the context
     */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * The connection pool.
     *
     * @return the pool
     */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Where this database is.
     *
     * @return the config it was started with
     */
    public DatabaseConfig config() {
        return config;
    }

    /** Closes the pool (connections in use are closed as they are returned). */
    @Override
    public void close() {
        pool.close();
    }
}
