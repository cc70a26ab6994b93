package dev.promptcards.card.edit;

import java.util.Objects;

/**
 * Who makes a change on the server side, e.g. test run {@code r-42} or API key {@code k-7}: named in
 * the change's origin and in log lines.
 *
 * @param kind what kind of actor, e.g. {@code "run"}, {@code "api-key"}, {@code "server"}
 * @param id   which one of that kind
 */
public record Author(String kind, String id) {

    /** The server itself (maintenance, tests). */
    public static final Author SERVER = new Author("server", "-");

    /**
     * Checks both parts.
     *
     * @throws IllegalArgumentException if a part is blank
     */
    public Author {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (kind.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("an author needs a kind and an id");
        }
    }

    /**
     * A test run.
     *
     * @param runId the run's id
     * @return the author {@code run runId}
     */
    public static Author run(String runId) {
        return new Author("run", runId);
    }

    /**
     * A workspace API key.
     *
     * @param keyId the key's id (never the key)
     * @return the author {@code api-key keyId}
     */
    public static Author apiKey(String keyId) {
        return new Author("api-key", keyId);
    }

    /**
     * The operator (the admin token).
     *
     * @return the author {@code operator -}
     */
    public static Author operator() {
        return new Author("operator", "-");
    }

    /**
     * A person, by the subject of their token.
     *
     * @param subject the token's {@code sub}
     * @return the author {@code user subject}
     */
    public static Author user(String subject) {
        return new Author("user", subject);
    }

    @Override
    public String toString() {
        return kind + " " + id;
    }
}
