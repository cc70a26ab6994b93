package dev.promptcards.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A binary WebSocket frame encoded as the server sends it, once for every receiver of a broadcast: the
 * bytes Netty's {@code WebSocket08FrameEncoder} writes for a {@code BinaryWebSocketFrame} (RFC 6455
 * section 5.2: FIN, opcode 0x2, no mask, the length in 7 bits, or 126 and 16 bits, or 127 and 64 bits), then
 * the payload. Written to a channel as a plain buffer, it passes the pipeline's frame encoder untouched.
 */
final class BinaryFrames {

    /** FIN and the binary opcode (RFC 6455 section 5.2). */
    private static final int FIN_BINARY = 0x82;
    /** The largest length of the 7-bit form; 126 and 127 announce the 16- and 64-bit forms. */
    private static final int MAX_SHORT_LENGTH = 125;
    private static final int MAX_16_BIT_LENGTH = 0xFFFF;

    private BinaryFrames() {
    }

    /**
     * @param alloc   where the buffer comes from (the channel's: pooled, direct)
     * @param payload the frame's payload
     * @return the whole frame, header and payload, in a new buffer the caller releases
     */
    static ByteBuf encode(ByteBufAllocator alloc, byte[] payload) {
        int length = payload.length;
        int header = length <= MAX_SHORT_LENGTH ? 2 : length <= MAX_16_BIT_LENGTH ? 4 : 10;
        ByteBuf frame = alloc.buffer(header + length);
        frame.writeByte(FIN_BINARY);
        if (length <= MAX_SHORT_LENGTH) {
            frame.writeByte(length);
        } else if (length <= MAX_16_BIT_LENGTH) {
            frame.writeByte(126);
            frame.writeShort(length);
        } else {
            frame.writeByte(127);
            frame.writeLong(length);
        }
        frame.writeBytes(payload);
        return frame;
    }
}
