package dev.promptcards.persistence;

import java.util.List;
import java.util.Objects;

/**
 * One page of a card search.
 *
 * @param cards  the cards of the page, most recently updated first
 * @param offset how many matching cards came before this page
 * @param more   whether more cards match after this page (the next page starts at offset + cards.size())
 */
public record CardPage(List<CardInfo> cards, int offset, boolean more) {

    /** Copies the list. */
    public CardPage {
        cards = List.copyOf(Objects.requireNonNull(cards, "cards"));
    }
}
