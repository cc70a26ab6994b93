package dev.promptcards.server.api;

import dev.promptcards.persistence.CardSearch;
import dev.promptcards.persistence.runs.RunStore;
import dev.promptcards.persistence.runs.RunUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Objects;

/**
 * What a workspace uses of its quotas, shown by {@code GET /workspaces/{ws}} beside them ({@link #of}), and the
 * WebSocket side of its connection quota ({@link #connections}).
 */
public final class WorkspaceUsage {

    /**
     * A workspace's usage.
     *
     * @param cards            its cards not deleted
     * @param connections      its WebSocket connections open on this node
     * @param runsToday        its runs started in the UTC day
     * @param costThisMonthUsd what its runs started in the UTC month cost so far, in US dollars
     */
    public record Usage(int cards, int connections, long runsToday, BigDecimal costThisMonthUsd) {
    }

    private final CardSearch cards;
    private final RunStore runs;
    private final WorkspaceConnections connections;
    private final Clock clock;

    /**
     * @param cards       counts the cards
     * @param runs        counts the runs and sums their cost
     * @param connections the WebSocket listener's side
     * @param clock       whose UTC day and month are counted (the run service's)
     */
    public WorkspaceUsage(CardSearch cards, RunStore runs, WorkspaceConnections connections, Clock clock) {
        this.cards = Objects.requireNonNull(cards, "cards");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param workspace the workspace
     * @return what it uses now
     */
    public Usage of(String workspace) {
        RunUsage used = runs.usage(workspace, clock.instant());
        return new Usage(cards.count(workspace), connections.open(workspace), used.runsToday(),
                used.costThisMonthUsd());
    }

    /** @return the WebSocket side of the connection quota */
    public WorkspaceConnections connections() {
        return connections;
    }
}
