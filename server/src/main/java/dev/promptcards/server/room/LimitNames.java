package dev.promptcards.server.room;

import java.util.List;

/**
 * The name of every limit, as {@link ServerMetrics#limitExceeded(String, String, String)} counts it in
 * {@code promptcards_limit_exceeded_total{limit=...}} and logs it. Every name in {@link #ALL} is
 * registered at 0 when the metrics are made, so a dashboard sees each limit before it is first hit: a
 * new limit gets its constant here, in {@link #ALL}, and its callers use the constant.
 */
public final class LimitNames {

    /** A WebSocket frame over {@link Limits#maxFrameBytes()} (4413). */
    public static final String FRAME_SIZE = "frame_size";
    /** An update that would grow a card past {@link Limits#maxCardBytes()} (4413). */
    public static final String CARD_SIZE = "card_size";
    /** More awareness clients on a card than {@link Limits#maxAwarenessClients()} (4413). */
    public static final String AWARENESS_CLIENTS = "awareness_clients";
    /** An awareness state over {@link PresenceBounds#maxStateBytes()} (4413). */
    public static final String AWARENESS_STATE_BYTES = "awareness_state_bytes";
    /** A card's awareness states past {@link PresenceBounds#maxCardBytes()} together (4413). */
    public static final String AWARENESS_BYTES = "awareness_bytes";
    /** A connection announcing more awareness client ids than {@link PresenceBounds#maxClientsPerConnection()} (4413). */
    public static final String AWARENESS_CLIENTS_PER_CONNECTION = "awareness_clients_per_connection";
    /** The awareness states of one token subject's connections past {@link PresenceBounds#maxSubjectBytes()} (4413). */
    public static final String AWARENESS_BYTES_PER_SUBJECT = "awareness_bytes_per_subject";
    /** An awareness clock raised too far at once ({@link dev.promptcards.presence.Awareness#MAX_CLOCK_STEP}) (4413). */
    public static final String AWARENESS_CLOCK_STEP = "awareness_clock_step";
    /** A connection staying far over {@link Limits#messagesPerSecond()}, closed with 1013. */
    public static final String MESSAGE_RATE = "message_rate";
    /** More bytes queued for a connection than {@link Limits#maxOutboundBytes()} (1013). */
    public static final String OUTBOUND_BYTES = "outbound_bytes";
    /** A connection that took longer than {@link Limits#handshakeTimeout()} to upgrade. */
    public static final String HANDSHAKE_TIMEOUT = "handshake_timeout";
    /** More rooms than {@link Limits#maxRooms()} (1013). */
    public static final String ROOMS = "rooms";
    /** More connections than {@link Limits#maxConnections()} (1013). */
    public static final String CONNECTIONS = "connections";
    /** More connections of one workspace than {@link WorkspaceQuotas#maxConnections()} (1013). */
    public static final String WORKSPACE_CONNECTIONS = "workspace_connections";
    /** More cards of one workspace loaded than {@link WorkspaceQuotas#maxRooms()} (1013). */
    public static final String WORKSPACE_ROOMS = "workspace_rooms";
    /** A card's queue of updates applied but not yet stored past its bound: its writers closed (1013). */
    public static final String STORAGE_BACKLOG = "storage_backlog";

    /** A card's updates that cannot be applied yet past {@link UpdateBounds#maxPendingBytes()}: dropped (4413). */
    public static final String PENDING_BYTES = "pending_bytes";
    /** An update naming more client ids than {@link UpdateBounds#maxUpdateClients()} (4413). */
    public static final String UPDATE_CLIENTS = "update_clients";
    /** An update that would take a card past {@link UpdateBounds#maxCardClients()} client ids (4413). */
    public static final String CARD_CLIENTS = "card_clients";
    /** An update carrying more structs than {@link UpdateBounds#maxUpdateStructs()} (4413). */
    public static final String UPDATE_STRUCTS = "update_structs";

    /** A connection with more frames queued on its busy card than {@code Room.maxQueuedBytes} (1013). */
    public static final String QUEUED_BYTES = "queued_bytes";

    /** Every limit name, each registered at 0 from the start. */
    public static final List<String> ALL = List.of(FRAME_SIZE, CARD_SIZE, AWARENESS_CLIENTS, MESSAGE_RATE,
            OUTBOUND_BYTES, HANDSHAKE_TIMEOUT, ROOMS, CONNECTIONS, STORAGE_BACKLOG, WORKSPACE_CONNECTIONS,
            WORKSPACE_ROOMS, AWARENESS_STATE_BYTES, AWARENESS_BYTES, AWARENESS_CLIENTS_PER_CONNECTION,
            AWARENESS_CLOCK_STEP, AWARENESS_BYTES_PER_SUBJECT, PENDING_BYTES, UPDATE_CLIENTS, CARD_CLIENTS,
            UPDATE_STRUCTS, QUEUED_BYTES);

    private LimitNames() {
    }
}
