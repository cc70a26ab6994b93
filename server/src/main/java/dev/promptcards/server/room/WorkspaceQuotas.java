package dev.promptcards.server.room;

/**
 * What one workspace may take of the server's connections and loaded cards, so that one tenant cannot take
 * every slot (part of {@link Limits}; the admin API will make them configurable per workspace).
 *
 * @param maxConnections the most WebSocket connections of one workspace at once; more closes the newcomer
 *                       with 1013 {@code "too many connections for workspace W"}, counted as limit
 *                       {@code workspace_connections} (default 2,000)
 * @param maxRooms       the most cards of one workspace loaded at once; a connection to one more closes with
 *                       1013 {@code "too many cards loaded for workspace W"} unless a card of that workspace
 *                       nobody holds can be unloaded, counted as limit {@code workspace_rooms} (default 2,000)
 */
public record WorkspaceQuotas(int maxConnections, int maxRooms) {

    /** Default {@link #maxConnections()}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 2_000;
    /** Default {@link #maxRooms()}. */
    public static final int DEFAULT_MAX_ROOMS = 2_000;

    /** @throws IllegalArgumentException naming the first value below 1 */
    public WorkspaceQuotas {
        Limits.positive("maxConnectionsPerWorkspace", maxConnections);
        Limits.positive("maxRoomsPerWorkspace", maxRooms);
    }

    /**
     * @return the defaults
     */
    public static WorkspaceQuotas defaults() {
        return new WorkspaceQuotas(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_ROOMS);
    }
}
