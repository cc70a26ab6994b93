package dev.promptcards.server.api;

/**
 * The WebSocket side of a workspace's connection quota, as the admin endpoints see it: how many connections
 * the workspace has open on this node, and where a changed quota goes so that this node applies it at once.
 */
public interface WorkspaceConnections {

    /** A server without a WebSocket listener: no connections, nothing to tell. */
    WorkspaceConnections NONE = new WorkspaceConnections() {
        @Override
        public int open(String workspace) {
            return 0;
        }

        @Override
        public void quotaChanged(String workspace, Integer maxConnections) {
            // no listener applies it
        }
    };

    /**
     * @param workspace a workspace
     * @return its WebSocket connections open on this node (each node counts its own)
     */
    int open(String workspace);

    /**
     * Tells this node's WebSocket listener the quota the API just stored.
     *
     * @param workspace      the workspace
     * @param maxConnections its quota, null for none
     */
    void quotaChanged(String workspace, Integer maxConnections);
}
