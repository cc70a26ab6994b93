package dev.promptcards.server.net;

import dev.promptcards.server.room.Room;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * Assembles the handlers of an upgraded channel, after Netty's WebSocket decoder and encoder:
 * {@code ws-rate-limit} (every frame, continuations included) → {@code ws-aggregator} (continuations, up to
 * {@code maxFrameBytes}; a {@link FrameBatch} passes) →
 * {@code ws-control} (ping, pong, close) → {@code ws-card} (binary to the room, text refused) →
 * {@code ws-errors} (exceptions to close codes).
 */
final class WebSocketPipeline {

    private WebSocketPipeline() {
    }

    /**
     * The handlers of a connection that joined a room.
     *
     * @param pipeline   the upgraded channel's pipeline, with nothing after the WebSocket codec
     * @param context    the server's services
     * @param connection the connection
     * @param room       its room
     */
    static void installCard(ChannelPipeline pipeline, ServerContext context, NettyConnection connection,
                            Room room) {
        // the rate limit before the aggregator: every frame of a fragmented message costs a token
        pipeline.addLast("ws-rate-limit", new RateLimitHandler(
                context.limits(), context.nanoClock(), connection, context.metrics()));
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(context.maxFrameBytes()));
        pipeline.addLast("ws-control", new ControlFrameHandler(connection));
        pipeline.addLast("ws-card", new CardFrameHandler(connection, room));
        pipeline.addLast("ws-errors", new FrameErrorHandler(connection, context.metrics(), context.maxFrameBytes()));
    }

    /**
     * The handlers of a connection that is being closed right after its upgrade (bad token, forbidden
     * card, caps): it only completes the close handshake; data frames are dropped by the pipeline's tail.
     *
     * @param pipeline   the upgraded channel's pipeline
     * @param context    the server's services
     * @param connection the connection
     */
    static void installRefused(ChannelPipeline pipeline, ServerContext context, NettyConnection connection) {
        pipeline.addLast("ws-control", new ControlFrameHandler(connection));
        pipeline.addLast("ws-errors", new FrameErrorHandler(connection, context.metrics(), context.maxFrameBytes()));
    }
}
