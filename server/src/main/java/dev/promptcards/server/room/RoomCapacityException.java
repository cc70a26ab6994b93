package dev.promptcards.server.room;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.card.CardKey;

/**
 * Thrown by {@link RoomRegistry#acquire(CardKey)} when {@link Limits#maxRooms()} rooms, or
 * {@link WorkspaceQuotas#maxRooms()} rooms of the card's workspace, are loaded already and the card asked
 * for is not one of them. The connection should be closed with {@link #closeCode()} and {@link #reason()}.
 */
public final class RoomCapacityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final CardKey key;
    private final String reason;

    /**
     * Creates the exception for the server's cap.
     *
     * @param key      the room that could not be loaded
     * @param maxRooms the cap that was reached
     */
    public RoomCapacityException(CardKey key, int maxRooms) {
        this(key, "too many rooms", "cannot load card " + key + ": " + maxRooms + " rooms are loaded already");
    }

    private RoomCapacityException(CardKey key, String reason, String message) {
        super(message);
        this.key = key;
        this.reason = reason;
    }

    /**
     * Creates the exception for the quota of the card's workspace.
     *
     * @param key      the room that could not be loaded
     * @param maxRooms the workspace's quota that was reached
     * @return the exception, with the reason {@code "too many cards loaded for workspace W"}
     */
    public static RoomCapacityException ofWorkspace(CardKey key, int maxRooms) {
        return new RoomCapacityException(key, "too many cards loaded for workspace " + key.workspace(),
                "cannot load card " + key + ": " + maxRooms + " cards of its workspace are loaded already");
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
     * @return {@code "too many rooms"} (the server's cap) or {@code "too many cards loaded for workspace W"}
     */
    public String reason() {
        return reason;
    }
}
