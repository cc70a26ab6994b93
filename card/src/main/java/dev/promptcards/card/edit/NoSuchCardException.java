package dev.promptcards.card.edit;

import dev.promptcards.card.CardKey;

/** A server-side edit of a card that does not exist (never created, or deleted). */
public final class NoSuchCardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CardKey card;

    /**
     * @param card the card that does not exist
     */
    public NoSuchCardException(CardKey card) {
        super("no such card " + card);
        this.card = card;
    }

    /**
     * @return the card that does not exist
     */
    public CardKey card() {
        return card;
    }
}
