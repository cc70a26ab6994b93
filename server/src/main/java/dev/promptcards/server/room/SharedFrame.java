package dev.promptcards.server.room;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One frame of a broadcast, handed to every receiver: the transport encodes it once, for its first
 * receiver ({@link #encoded}), and every receiver writes that same encoding (issue 17: no per-connection
 * copy of a WebSocket frame). The broadcaster {@link #release()}s it after the fan-out; each receiver
 * holds its own reference to the encoding by then.
 *
 * <p>Used on the room's serial executor only: one broadcast at a time, no contention.
 */
public final class SharedFrame {

    private final byte[] payload;
    private Object encoded;
    private Consumer<Object> release;
    private boolean released;

    /**
     * @param payload the frame's bytes, one y-websocket message; not copied, so not to be changed afterwards
     */
    public SharedFrame(byte[] payload) {
        this.payload = Objects.requireNonNull(payload, "payload");
    }

    /**
     * @return the frame's bytes; not to be changed
     */
    public byte[] payload() {
        return payload;
    }

    /**
     * The transport's encoding of the frame, made by {@code encode} the first time it is asked for and
     * given to {@code release} once the broadcast is over. A receiver that keeps it takes a reference
     * of its own (a Netty buffer's {@code retainedDuplicate()}).
     *
     * @param encode  makes the encoding from the payload
     * @param release gives the encoding back once the broadcast is over
     * @param <T>     the encoding's type; every receiver of one broadcast uses the same
     * @return the encoding
     * @throws IllegalStateException after {@link #release()}
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(Function<byte[], T> encode, Consumer<? super T> release) {
        if (released) {
            throw new IllegalStateException("the broadcast is over");
        }
        if (encoded == null) {
            encoded = encode.apply(payload);
            this.release = e -> release.accept((T) e);
        }
        return (T) encoded;
    }

    /** The broadcast is over: gives the encoding back (its receivers keep their own references). */
    public synchronized void release() {
        if (!released) {
            released = true;
            if (encoded != null) {
                release.accept(encoded);
                encoded = null;
            }
        }
    }
}
