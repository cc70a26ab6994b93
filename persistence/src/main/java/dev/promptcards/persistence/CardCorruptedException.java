package dev.promptcards.persistence;

/**
 * A card's stored snapshot or one of its log rows is not a valid Yjs v1 update: the card refuses to load
 * (and to compact) rather than serve or store a state that lost content. Nothing was written.
 */
public final class CardCorruptedException extends RuntimeException {
    private final CardRef card;
    private final String row;

    /**
     * @param card  the card
     * @param row   which stored update: {@code "snapshot at seq N"} or {@code "log row seq N"}
     * @param cause why it was refused (usually {@link dev.promptcards.crdt.UpdateDecodeException})
     */
    public CardCorruptedException(CardRef card, String row, Throwable cause) {
        super("card " + card.workspace() + "/" + card.name() + " (id " + card.id() + ") is corrupted: its "
                + row + " is not a valid Yjs update" + (cause == null || cause.getMessage() == null
                        ? "" : ": " + cause.getMessage()), cause);
        this.card = card;
        this.row = row;
    }

    public CardRef card() {
        return card;
    }

    public String workspace() {
        return card.workspace();
    }

    /** The card's name in its workspace. */
    public String cardName() {
        return card.name();
    }

    /** {@code "snapshot at seq N"} or {@code "log row seq N"}. */
    public String row() {
        return row;
    }
}
