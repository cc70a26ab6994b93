package dev.promptcards.server.app;

import dev.promptcards.server.api.WorkspaceConnections;
import dev.promptcards.server.net.PromptcardsServer;
import dev.promptcards.server.net.StoredConnectionQuotas;
import java.util.Objects;

/**
 * The admin API's view of this node's WebSocket listener: the connections each workspace has open here, and
 * the cache of stored connection quotas a PATCH updates. The API starts before the listener (whose
 * {@code /client-config.json} names the API's port), so the listener is {@link #attach attached} once it is
 * up; until then no workspace has a connection.
 */
final class NodeConnections implements WorkspaceConnections {

    private final StoredConnectionQuotas quotas;
    private volatile PromptcardsServer server;

    /**
     * @param quotas the stored quotas the listener reads
     */
    NodeConnections(StoredConnectionQuotas quotas) {
        this.quotas = Objects.requireNonNull(quotas, "quotas");
    }

    /** @param listening the WebSocket listener, once it accepts */
    void attach(PromptcardsServer listening) {
        this.server = listening;
    }

    @Override
    public int open(String workspace) {
        PromptcardsServer listening = server;
        return listening == null ? 0 : listening.connectionCount(workspace);
    }

    @Override
    public void quotaChanged(String workspace, Integer maxConnections) {
        quotas.changed(workspace, maxConnections);
    }
}
