package dev.promptcards.server.net;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.Room;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Data frames of a card's connection: a binary frame (whole: continuations are aggregated before) is
 * copied out of its buffer once and handed to {@link Room#receive}, which handles it on the room's
 * executor, and so are the frames of a {@link FrameBatch} together; a text frame closes the connection with 4400 (y-websocket speaks binary only).
 */
final class CardFrameHandler extends ChannelInboundHandlerAdapter {

    /** The close reason for a text frame. */
    static final String TEXT_REASON = "text frames are not supported";

    private final NettyConnection connection;
    private final Room room;

    /**
     * @param connection the connection
     * @param room       its room
     */
    CardFrameHandler(NettyConnection connection, Room room) {
        this.connection = connection;
        this.room = room;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame binary) {
            try {
                if (!connection.isClosing()) {
                    room.receive(connection, ByteBufUtil.getBytes(binary.content()));
                }
            } finally {
                binary.release();
            }
        } else if (msg instanceof FrameBatch batch) {
            List<byte[]> frames = new ArrayList<>(batch.frames().size());
            try {
                for (BinaryWebSocketFrame frame : batch.frames()) {
                    frames.add(ByteBufUtil.getBytes(frame.content()));
                }
                if (!connection.isClosing()) {
                    room.receive(connection, frames);
                }
            } finally {
                batch.frames().forEach(BinaryWebSocketFrame::release);
            }
        } else if (msg instanceof TextWebSocketFrame text) {
            text.release();
            connection.close(CloseCodes.BAD_MESSAGE, TEXT_REASON);
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
