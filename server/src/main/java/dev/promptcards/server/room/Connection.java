package dev.promptcards.server.room;

/**
 * One client of a room, as the room sees it: an id for log lines, whether it may change the card,
 * whom it acts for, and a way to send frames and to close it. The network layer implements it (one per WebSocket).
 *
 * <p>A room calls these methods on its serial executor only, never two at a time for one room; an
 * implementation shared by several rooms must be thread-safe.
 */
public interface Connection {

    /**
     * Returns the id naming this connection in log lines and metrics.
     *
     * @return a short id, unique within the process
     */
    String id();

    /**
     * Tells whether the connection may only read when it joins: its SyncStep2 and Update messages are not
     * applied. The room may change that later ({@link Room#setReadOnly}, its workspace's members changed); the
     * room's own record then wins.
     *
     * @return true for a viewer
     */
    boolean readOnly();

    /**
     * Returns who the connection acts for: the subject ({@code sub}) of its token. Recorded as the
     * creator of a card this connection's join creates.
     *
     * @return the subject, never null
     */
    String subject();

    /**
     * Sends one binary frame. Never blocks: the implementation queues the frame and enforces its own
     * bound on what is queued (a slow reader is disconnected, others never wait). The same array is
     * handed to every connection of a room: an implementation must not change it.
     *
     * @param frame the frame's bytes, one y-websocket message
     */
    void send(byte[] frame);

    /**
     * Sends one binary frame of a broadcast, the same for every receiver, as {@link #send(byte[])} does. An
     * implementation may encode it once for all receivers ({@link SharedFrame#encoded}); by default it sends
     * the payload.
     *
     * @param frame the broadcast's frame; only valid during this call, unless a reference is taken
     */
    default void send(SharedFrame frame) {
        send(frame.payload());
    }

    /**
     * Closes the connection with a WebSocket close code and reason (see {@link dev.promptcards.server.CloseCodes}). Never
     * blocks; closing a closed connection does nothing.
     *
     * @param code   the close code
     * @param reason the close reason, at most {@link CloseCodes#MAX_REASON_BYTES} bytes of UTF-8
     */
    void close(int code, String reason);
}
