package dev.promptcards.server.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A frame the server sent, copied out of Netty's buffers.
 *
 * @param kind   {@code binary}, {@code text}, {@code close}, {@code pong} or another frame class's name
 * @param data   the payload (binary, text, pong)
 * @param code   the close code (close frames), else -1
 * @param reason the close reason (close frames), else null
 */
record Frame(String kind, byte[] data, int code, String reason) {

    static Frame of(WebSocketFrame frame) {
        try {
            return switch (frame) {
                case CloseWebSocketFrame close -> new Frame("close", new byte[0], close.statusCode(),
                        close.reasonText());
                case BinaryWebSocketFrame binary -> new Frame("binary", bytes(binary), -1, null);
                case TextWebSocketFrame text -> new Frame("text", bytes(text), -1, null);
                case PongWebSocketFrame pong -> new Frame("pong", bytes(pong), -1, null);
                default -> new Frame(frame.getClass().getSimpleName(), bytes(frame), -1, null);
            };
        } finally {
            frame.release();
        }
    }

    private static byte[] bytes(WebSocketFrame frame) {
        return ByteBufUtil.getBytes(frame.content());
    }

    /** A close frame, for assertEquals. */
    static Frame close(int code, String reason) {
        return new Frame("close", new byte[0], code, reason);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && kind.equals(f.kind) && Arrays.equals(data, f.data)
                && code == f.code && Objects.equals(reason, f.reason);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return kind.equals("close") ? "close(" + code + ", " + reason + ")"
                : kind + "[" + HexFormat.of().formatHex(data) + "]";
    }
}
