package dev.promptcards.server.net;

import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One connection to the server's pipeline on an {@link EmbeddedChannel}, seen from the client: raw HTTP
 * requests in, responses parsed off the wire, then masked WebSocket frames in and the server's frames
 * decoded. Writes the rooms make from their threads run on the test's thread ({@link ManualExecutor}).
 */
final class EmbeddedClient implements AutoCloseable {

    /** What a browser sends as its key (RFC 6455 section 1.3's example). */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final Duration WAIT = Duration.ofSeconds(10);

    final EmbeddedChannel channel;
    private final ManualExecutor writes;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    private final EmbeddedChannel decoder =
            new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, Integer.MAX_VALUE));
    private final ByteBuf wire = Unpooled.buffer();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private boolean upgraded;
    private String host = "cards.test:8080";

    EmbeddedClient(ServerContext context, ManualExecutor writes) {
        this.writes = writes;
        this.channel = new EmbeddedChannel(new PromptcardsInitializer(context));
    }

    /** Sends {@code host} as the Host header of the requests from now on (default {@code cards.test:8080}). */
    EmbeddedClient host(String newHost) {
        this.host = newHost;
        return this;
    }

    /** Sends a request, returns the response. */
    HttpReply request(String method, String uri, String... headerLines) {
        StringBuilder request = new StringBuilder(method + " " + uri + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("\r\n");
        return raw(request.toString());
    }

    /** Sends these bytes as they are, returns the response. */
    HttpReply raw(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        pump();
        return readReply();
    }

    /** Sends these bytes as they are, returns what the server wrote back (maybe nothing), as ISO-8859-1. */
    String rawExchange(byte[] bytes) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        return written();
    }

    /** What the server wrote so far and was not read yet, as ISO-8859-1 (before an upgrade). */
    String written() {
        pump();
        String written = wire.toString(StandardCharsets.ISO_8859_1);
        wire.clear();
        return written;
    }

    /** Sends a WebSocket upgrade request, returns the response (101 when upgraded). */
    HttpReply upgrade(String uri, String... extraHeaderLines) {
        String[] lines = new String[4 + extraHeaderLines.length];
        lines[0] = "Upgrade: websocket";
        lines[1] = "Connection: Upgrade";
        lines[2] = "Sec-WebSocket-Key: " + KEY;
        lines[3] = "Sec-WebSocket-Version: 13";
        System.arraycopy(extraHeaderLines, 0, lines, 4, extraHeaderLines.length);
        HttpReply reply = request("GET", uri, lines);
        if (reply.status() == 101) {
            upgraded = true;
            if (wire.isReadable()) {
                decoder.writeInbound(wire.retainedSlice());
                wire.clear();
            }
            collect();
        }
        return reply;
    }

    void sendBinary(byte[] payload) {
        send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void sendText(String text) {
        send(new TextWebSocketFrame(text));
    }

    /** Sends a frame, masked as a client must. */
    void send(WebSocketFrame frame) {
        encoder.writeOutbound(frame);
        ByteBuf bytes;
        while ((bytes = encoder.readOutbound()) != null) {
            channel.writeInbound(bytes);
        }
        pump();
    }

    /** The next frame from the server, waiting for the room's threads if need be. */
    Frame next() {
        await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            pump();
            return !frames.isEmpty();
        });
        return frames.poll();
    }

    /** Waits until the server has closed the socket. */
    void awaitClosed() {
        await().pollInSameThread().atMost(WAIT).pollInterval(Duration.ofMillis(2)).until(() -> {
            pump();
            return !channel.isOpen();
        });
    }

    /** Runs what is pending and returns whether frames are waiting, without waiting. */
    boolean hasFrames() {
        pump();
        return !frames.isEmpty();
    }

    /** Runs the pending writes and tasks, moves the server's output to the wire or the frame decoder. */
    void pump() {
        boolean progress = true;
        while (progress) {
            writes.runAll();
            channel.runPendingTasks();
            progress = false;
            Object out;
            while ((out = channel.readOutbound()) != null) {
                progress = true;
                ByteBuf bytes = (ByteBuf) out;
                if (upgraded) {
                    decoder.writeInbound(bytes);
                } else {
                    wire.writeBytes(bytes);
                    bytes.release();
                }
            }
        }
        collect();
    }

    private void collect() {
        Object in;
        while ((in = decoder.readInbound()) != null) {
            frames.add(Frame.of((WebSocketFrame) in));
        }
    }

    private HttpReply readReply() {
        String text = wire.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete response: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        wire.skipBytes(end + 4);
        byte[] body = new byte[Math.min(length, wire.readableBytes())];
        wire.readBytes(body);
        wire.discardReadBytes();
        return new HttpReply(status, headers, body);
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
        decoder.finishAndReleaseAll();
        wire.release();
    }
}
