package dev.promptcards.server.api;

import dev.promptcards.card.CardKey;

/**
 * The cards being edited, as the card endpoints tell them of a deletion and a restore (the rooms,
 * {@code room/RoomRegistry}).
 */
public interface LiveCards {

    /**
     * The card was soft-deleted in the database: its open connections, on every node, are closed with 4404 and
     * it is served no more.
     *
     * @param card the card
     */
    void deleted(CardKey card);

    /**
     * The card was restored in the database: a room that still holds it serves it again.
     *
     * @param card the card
     */
    void restored(CardKey card);
}
