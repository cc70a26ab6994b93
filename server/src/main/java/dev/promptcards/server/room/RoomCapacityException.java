package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.card.CardKey;

/**
 * Thrown by {@link RoomRegistry#acquire(CardKey)} when {@link Limits#maxRooms()} rooms are loaded
 * already and the card asked for is not one of them. The connection should be closed with
 * {@link #closeCode()} and {@link #reason()}.
 */
public final class RoomCapacityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final CardKey key;

    /**
     * Creates the exception.
     *
     * @param key      the room that could not be loaded
     * @param maxRooms the cap that was reached
     */
    public RoomCapacityException(CardKey key, int maxRooms) {
        super("cannot load card " + key + ": " + maxRooms + " rooms are loaded already");
        this.key = key;
    }

    /**
     * Returns the room that could not be loaded.
     *
     * @return its key
     */
    public CardKey key() {
        return key;
    }

    /**
     * Returns the close code to send: try again later.
     *
     * @return {@link CloseCodes#TRY_AGAIN_LATER} (1013)
     */
    public int closeCode() {
        return CloseCodes.TRY_AGAIN_LATER;
    }

    /**
     * Returns the close reason to send.
     *
     * @return {@code "too many rooms"}
     */
    public String reason() {
        return "too many rooms";
    }
}
