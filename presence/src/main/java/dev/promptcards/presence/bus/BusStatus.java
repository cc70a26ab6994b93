package dev.promptcards.presence.bus;

/**
 * A bus's state and counters since it started.
 *
 * @param kind             {@code in-process} or {@code redis}
 * @param connected        whether messages reach the other nodes now (always true in process)
 * @param messagesOut      messages published
 * @param messagesIn       messages received from other nodes
 * @param publishFailures  messages that could not be published (the bus was away)
 * @param reconnects       times the connection came back after it was lost
 * @param liveNodes        the nodes whose heartbeat is current, this one included (1 in process)
 */
public record BusStatus(String kind, boolean connected, long messagesOut, long messagesIn, long publishFailures,
        long reconnects, int liveNodes) {
}
