package dev.promptcards.server.app;

import dev.promptcards.persistence.UpdateLogSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the cards are stored.
 *
 * @param dataDir     where the embedded PostgreSQL lives ({@code dataDir/postgres}) when there is no URL
 * @param url         a {@code jdbc:postgresql:} URL, or null for the embedded PostgreSQL
 * @param user        the user for {@code url}, or null (from the URL)
 * @param password    the password for {@code url}, or null (from the URL, or none)
 * @param description where the cards are stored, for the operator (never the password)
 * @param log         group commit and compaction of the cards' update log
 */
public record DatabaseSettings(Path dataDir, String url, String user, String password, String description,
        UpdateLogSettings log) {

    /** @throws NullPointerException if the data directory, the description or the log settings are null */
    public DatabaseSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(log, "log");
    }

    @Override
    public String toString() {
        return description;
    }
}
