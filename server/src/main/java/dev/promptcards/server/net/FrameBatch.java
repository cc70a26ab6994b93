package dev.promptcards.server.net;

import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.util.List;

/**
 * The binary frames a connection sent while its reads were paused by its rate ({@link RateLimitHandler}),
 * in the order received, passed on together as one message: the room handles them in one task, merging
 * consecutive updates and coalescing awareness states. Whoever takes it releases the frames.
 *
 * @param frames at least one frame
 */
record FrameBatch(List<BinaryWebSocketFrame> frames) {
}
