package dev.promptcards.persistence;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * How to reach a PostgreSQL database.
 *
 * @param jdbcUrl     a {@code jdbc:postgresql://} URL; it may carry {@code user} and {@code password}
 *                    parameters itself
 * @param user        the user, or null to take it from the URL (or the driver's default)
 * @param password    the password, or null for none (or the URL's)
 * @param maxPoolSize the most connections the pool opens, at least 1
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    /** The pool size of {@link #of(String)}. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    /**
     * Checks the URL and the pool size.
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL or the pool size
     *                                  is below 1
     */
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): "
                    + redact(jdbcUrl));
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
    }

    /**
     * A config with the user and password taken from the URL and the default pool size.
     *
     * @param jdbcUrl a {@code jdbc:postgresql://} URL
     * @return the config
     */
    public static DatabaseConfig of(String jdbcUrl) {
        return new DatabaseConfig(jdbcUrl, null, null, DEFAULT_MAX_POOL_SIZE);
    }

    /**
     * The same database with another pool size.
     *
     * @param size the most connections the pool opens
     * @return the new config
     */
    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    /** Never shows the password, neither the field nor one in the URL. */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + redact(jdbcUrl) + ", user=" + user
                + ", password=" + (password == null ? "null" : "***") + ", maxPoolSize=" + maxPoolSize + "]";
    }

    /**
     * The URL with the value of a {@code password} parameter replaced by {@code ***}, for log lines.
     *
     * @param jdbcUrl a JDBC URL
     * @return the URL fit to log
     */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    /**
     * The hosts a {@code jdbc:postgresql:} URL names, as the driver parses it (pgjdbc's {@link Driver#parseURL}):
     * several for a {@code host1:port1,host2:port2} list, an IPv6 address in brackets, {@code localhost} when it
     * names none.
     *
     * @param jdbcUrl a JDBC URL
     * @return its hosts in order; empty when the driver does not take the URL
     */
    public static List<String> hosts(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        String hosts = parsed == null ? null : parsed.getProperty("PGHOST");
        if (hosts == null || hosts.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(hosts.split(",")).map(String::strip).filter(host -> !host.isEmpty()).toList();
    }
}
