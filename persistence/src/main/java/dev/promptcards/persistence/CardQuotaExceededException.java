package dev.promptcards.persistence;

/**
 * Thrown when a card would take its workspace past its quota of cards ({@code workspaces.max_cards}): the
 * cards not deleted are counted, and the card is not created (or restored).
 */
public final class CardQuotaExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String workspace;
    private final int maxCards;

    CardQuotaExceededException(String workspace, int maxCards) {
        super("workspace " + workspace + " has reached its quota of " + maxCards + " cards");
        this.workspace = workspace;
        this.maxCards = maxCards;
    }

    /** @return the workspace id */
    public String workspace() {
        return workspace;
    }

    /** @return the quota: the most cards (not deleted) the workspace holds */
    public int maxCards() {
        return maxCards;
    }
}
