package dev.promptcards.server.net;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal WebSocket client over a real socket (the JDK's {@code java.net.http}): whole binary messages
 * into a queue, the close code and reason into a future.
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    /** How the server closed: code and reason. */
    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final boolean reads;
    private final WebSocket socket;

    private WsClient(HttpClient http, URI uri, boolean reads, List<String> subprotocols) {
        this.reads = reads;
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (!subprotocols.isEmpty()) {
            builder.subprotocols(subprotocols.getFirst(),
                    subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
        }
        this.socket = builder.buildAsync(uri, this).join();
    }

    /** Connects a client that reads everything. */
    public static WsClient connect(HttpClient http, URI uri) {
        return new WsClient(http, uri, true, List.of());
    }

    /** Connects a client offering subprotocols. */
    public static WsClient connect(HttpClient http, URI uri, List<String> subprotocols) {
        return new WsClient(http, uri, true, subprotocols);
    }

    /** Connects a client that never reads: the server's bytes pile up in the socket. */
    public static WsClient connectNotReading(HttpClient http, URI uri) {
        return new WsClient(http, uri, false, List.of());
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        if (reads) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.writeBytes(bytes);
        if (last) {
            messages.add(partial.toByteArray());
            partial.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The JDK WebSocket underneath, to send what {@link #send} does not (text, pings, partial frames). */
    public WebSocket socket() {
        return socket;
    }

    /** The next whole binary message, waiting up to 10 s. */
    public byte[] next() throws InterruptedException {
        return next(Duration.ofSeconds(10));
    }

    /** The next whole binary message, waiting up to {@code timeout}. */
    public byte[] next(Duration timeout) throws InterruptedException {
        byte[] message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return message;
    }

    /** Whether a message has arrived that {@link #next()} has not taken yet. */
    public boolean hasMessage() {
        return !messages.isEmpty();
    }

    /** Sends one whole binary message and waits until it is written. */
    public void send(byte[] message) {
        socket.sendBinary(ByteBuffer.wrap(message), true).join();
    }

    /** How the server closed, waiting up to 10 s. */
    public Closed closed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    /** Whether the server has closed the connection. */
    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
