package dev.promptcards.server.e2e.persistence;

import dev.promptcards.persistence.DatabaseConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * What a server under test stored, read and changed behind its back with plain JDBC: the cards,
 * their log rows ({@code card_updates}) and snapshots ({@code card_snapshots}) of the V1 schema.
 */
final class StoredCards {

    /** A log row. */
    record LogRow(long seq, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof LogRow r && r.seq == seq && Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(seq, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "log row seq " + seq + " (" + data.length + " bytes, " + head(data) + ")";
        }
    }

    /** A snapshot row. */
    record Snapshot(long lastSeq, byte[] state, byte[] stateVector) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && s.lastSeq == lastSeq && Arrays.equals(s.state, state)
                    && Arrays.equals(s.stateVector, stateVector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(lastSeq, Arrays.hashCode(state), Arrays.hashCode(stateVector));
        }

        @Override
        public String toString() {
            return "snapshot at seq " + lastSeq + " (" + state.length + " bytes, " + head(state) + ")";
        }
    }

    private final DatabaseConfig config;

    StoredCards(DatabaseConfig config) {
        this.config = config;
    }

    /**
     * The database as a {@code --db-url} for the server: the JDBC URL with the user and password as
     * parameters (when the config has them apart).
     */
    static String serverUrl(DatabaseConfig config) {
        StringBuilder url = new StringBuilder(config.jdbcUrl());
        if (config.user() != null && !config.jdbcUrl().contains("user=")) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("user=")
                    .append(URLEncoder.encode(config.user(), StandardCharsets.UTF_8));
        }
        if (config.password() != null && !config.jdbcUrl().contains("password=")) {
            url.append(url.indexOf("?") < 0 ? '?' : '&').append("password=")
                    .append(URLEncoder.encode(config.password(), StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    /** The id ({@code cards.pk}) of a card; fails when there is no such card. */
    long cardId(String workspace, String name) throws SQLException {
        try (Connection c = connect();
                  PreparedStatement s = c.prepareStatement(
                          "select pk from cards where workspace = ? and name = ?")) {
            s.setString(1, workspace);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no card " + workspace + "/" + name + " is stored");
                }
                return rs.getLong(1);
            }
        }
    }

    /** The card's log rows in seq order. */
    List<LogRow> logRows(long card) throws SQLException {
        try (Connection c = connect();
                  PreparedStatement s = c.prepareStatement(
                          "select seq, data from card_updates where card = ? order by seq")) {
            s.setLong(1, card);
            List<LogRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LogRow(rs.getLong(1), rs.getBytes(2)));
                }
            }
            return rows;
        }
    }

    /** How many log rows the card has. */
    long logRowCount(long card) throws SQLException {
        try (Connection c = connect();
                  PreparedStatement s = c.prepareStatement(
                          "select count(*) from card_updates where card = ?")) {
            s.setLong(1, card);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The card's snapshots in last_seq order. */
    List<Snapshot> snapshots(long card) throws SQLException {
        try (Connection c = connect();
                  PreparedStatement s = c.prepareStatement("select last_seq, state, state_vector"
                          + " from card_snapshots where card = ? order by last_seq")) {
            s.setLong(1, card);
            List<Snapshot> snapshots = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    snapshots.add(new Snapshot(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)));
                }
            }
            return snapshots;
        }
    }

    /** Overwrites the data of one log row (the server must be stopped). */
    void overwriteLogRow(long card, long seq, byte[] data) throws SQLException {
        update("update card_updates set data = ? where card = ? and seq = ?", data, card, seq);
    }

    /** Overwrites the state of one snapshot (the server must be stopped). */
    void overwriteSnapshot(long card, long lastSeq, byte[] state) throws SQLException {
        update("update card_snapshots set state = ? where card = ? and last_seq = ?", state, card,
                lastSeq);
    }

    /** How many advisory locks are held in this database right now (a compaction holds one). */
    int advisoryLocksHeld(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_locks"
                + " where locktype = 'advisory' and granted"
                + " and database = (select oid from pg_database where datname = current_database())");
                  ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A connection to the database, for repeated queries. */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (config.user() != null) {
            properties.setProperty("user", config.user());
        }
        if (config.password() != null) {
            properties.setProperty("password", config.password());
        }
        return DriverManager.getConnection(config.jdbcUrl(), properties);
    }

    private void update(String sql, byte[] bytes, long card, long key) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setBytes(1, bytes);
            s.setLong(2, card);
            s.setLong(3, key);
            if (s.executeUpdate() != 1) {
                throw new AssertionError("no row changed by " + sql + " for card " + card + ", " + key);
            }
        }
    }

    private static String head(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 12))
                + (bytes.length > 12 ? "..." : "");
    }
}
