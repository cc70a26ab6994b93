package dev.promptcards.persistence.admin;

/** Who acted, as the audit log records it ({@link #value()} is the stored form). */
public enum ActorKind {
    /** The operator's admin token; the actor is {@code operator}. */
    OPERATOR("operator"),
    /** A workspace API key; the actor is the key's id. */
    API_KEY("api_key"),
    /** A card token (JWT); the actor is its subject. */
    TOKEN("token");

    private final String value;

    ActorKind(String value) {
        this.value = value;
    }

    /**
     * The kind as stored.
     *
     * @return {@code operator}, {@code api_key} or {@code token}
     */
    public String value() {
        return value;
    }

    /**
     * Reads a kind as {@link #value()} writes it.
     *
     * @param value the stored form
     * @return the kind
     * @throws IllegalArgumentException for anything else
     */
    public static ActorKind parse(String value) {
        for (ActorKind kind : values()) {
            if (kind.value.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("actor kind must be operator, api_key or token, not " + value);
    }
}
