package dev.promptcards.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.promptcards.server.CloseCodes;
import dev.promptcards.server.room.ServerMetrics;
import dev.promptcards.server.room.SharedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A broadcast's frame, encoded once ({@link BinaryFrames}) and written by every receiver's
 * {@link NettyConnection} (issue 17): each peer gets the bytes Netty's own frame encoder writes for the
 * same payload, and the shared buffer is given back once every receiver wrote or dropped it.
 */
class SharedFrameWriteTest {

    private final ServerMetrics metrics = new ServerMetrics();

    @Test
    void every_receiver_gets_the_bytes_nettys_encoder_writes_for_the_payload_at_every_length_form() {
        // 7-bit lengths up to 125, 16-bit up to 65535, 64-bit beyond (RFC 6455 section 5.2)
        for (int length : new int[] {0, 3, 125, 126, 65_535, 65_536, 200_000}) {
            byte[] payload = new byte[length];
            new Random(length).nextBytes(payload);
            EmbeddedChannel a = channel();
            EmbeddedChannel b = channel();
            SharedFrame shared = new SharedFrame(payload);
            connection(a).send(shared);
            connection(b).send(shared);
            shared.release();

            byte[] expected = nettyEncoded(payload);
            List<ByteBuf> written = new ArrayList<>();
            for (EmbeddedChannel channel : List.of(a, b)) {
                channel.runPendingTasks();
                ByteBuf frame = channel.readOutbound();
                written.add(frame);
                assertArrayEquals(expected, bytes(frame), "length " + length);
                assertNull(channel.readOutbound(), "one buffer per frame");
            }
            ByteBuf encoded = written.getFirst().unwrap();
            assertEquals(encoded, written.getLast().unwrap(), "both wrote the same encoding");
            written.forEach(ByteBuf::release);
            assertEquals(0, encoded.refCnt(), "the encoding is given back once both wrote it");
        }
    }

    @Test
    void a_receiver_whose_channel_is_closed_drops_its_frame_and_gives_its_reference_back() {
        EmbeddedChannel open = channel();
        EmbeddedChannel closing = channel();
        NettyConnection closingConnection = connection(closing);
        closing.close(); // the peer went; the room has not heard yet
        SharedFrame shared = new SharedFrame(new byte[] {0, 2, 1, 7});
        connection(open).send(shared);
        closingConnection.send(shared);
        shared.release();

        closing.runPendingTasks();
        open.runPendingTasks();
        assertNull(closing.readOutbound());
        ByteBuf frame = open.readOutbound();
        ByteBuf encoded = frame.unwrap();
        frame.release();
        assertEquals(0, encoded.refCnt(), "the closed channel's connection dropped its frame and its reference");
        assertEquals(0, closingConnection.queuedBytes());
    }

    @Test
    void a_closing_connection_takes_no_reference_to_a_broadcast_frame() {
        EmbeddedChannel open = channel();
        EmbeddedChannel closed = channel();
        NettyConnection closedConnection = connection(closed);
        closedConnection.close(CloseCodes.NORMAL, "bye");
        SharedFrame shared = new SharedFrame(new byte[] {0, 2, 1, 7});
        connection(open).send(shared);
        closedConnection.send(shared);
        shared.release();

        open.runPendingTasks();
        ByteBuf frame = open.readOutbound();
        ByteBuf encoded = frame.unwrap();
        frame.release();
        assertEquals(0, encoded.refCnt(), "only the open connection held a reference");
        assertEquals(0, closedConnection.queuedBytes());
    }

    private static EmbeddedChannel channel() {
        return new EmbeddedChannel(new WebSocket08FrameEncoder(false));
    }

    private NettyConnection connection(EmbeddedChannel channel) {
        return new NettyConnection("c" + channel.id(), "w/card", false, "subject", channel, channel.eventLoop(),
                1 << 20, metrics, Duration.ofSeconds(1));
    }

    /** What the pipeline's own encoder writes for a BinaryWebSocketFrame of the payload (one or two buffers). */
    private static byte[] nettyEncoded(byte[] payload) {
        EmbeddedChannel encoder = channel();
        encoder.writeOutbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf buf = encoder.readOutbound(); buf != null; buf = encoder.readOutbound()) {
            out.writeBytes(bytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
