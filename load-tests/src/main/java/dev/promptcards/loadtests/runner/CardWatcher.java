package dev.promptcards.loadtests.runner;

import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.CardDocument;
import dev.promptcards.card.schema.Run;
import dev.promptcards.card.schema.Runs;
import dev.promptcards.crdt.Doc;
import dev.promptcards.crdt.Y;
import dev.promptcards.crdt.sync.Message;
import dev.promptcards.crdt.sync.SyncMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The person who presses Run, as a y-websocket client of our server (the JDK's WebSocket, y-protocols
 * with the crdt module's messages, a Yjs document of the crdt module): it syncs, writes the bench card
 * into the new card as one update, and stays connected, applying every update the server sends, so
 * that the run streams into a connected client as it would into the editor. Thread-safe.
 */
final class CardWatcher implements AutoCloseable {

    private final Doc doc = new Doc(4_242_424L);
    private final CompletableFuture<Void> synced = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile WebSocket socket;
    private long updates;
    private long bytes;

    private CardWatcher() {}

    /** Connects to a card and waits for the server's state (at most 60 s). */
    static CardWatcher connect(URI card) throws IOException {
        CardWatcher watcher = new CardWatcher();
        try {
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(card, watcher.new Listener())
                    .get(30, TimeUnit.SECONDS);
            watcher.send(Message.syncStep1(watcher.stateVector()));
            watcher.synced.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not connect to " + stripToken(card) + " and sync: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + stripToken(card), e);
        }
        return watcher;
    }

    /**
     * Writes the card's content into the document as one update, sends it, and waits for the
     * server's echo of it (our server echoes an update once it is stored; at most 60 s).
     */
    void write(CardContent content) throws IOException {
        byte[] update;
        long before;
        synchronized (lock) {
            byte[] stateVector = Y.encodeStateVector(doc);
            content.write(CardDocument.of(doc));
            update = Y.encodeStateAsUpdate(doc, stateVector);
            before = updates;
        }
        send(Message.update(update));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (updatesReceived() == before) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the server did not echo the card's update within 60 s");
            }
            pause();
        }
    }

    /** The run as this client's document has it now. */
    Optional<Run> run(String runId) {
        synchronized (lock) {
            return Runs.read(CardDocument.of(doc), runId);
        }
    }

    /** The updates received since it synced. */
    long updatesReceived() {
        synchronized (lock) {
            return updates;
        }
    }

    /** The bytes of those updates. */
    long bytesReceived() {
        synchronized (lock) {
            return bytes;
        }
    }

    @Override
    public void close() {
        WebSocket s = socket;
        if (s != null && !s.isOutputClosed()) {
            s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }

    private byte[] stateVector() {
        synchronized (lock) {
            return Y.encodeStateVector(doc);
        }
    }

    /** One send at a time (the JDK's WebSocket refuses a send while one is under way), each awaited. */
    private synchronized void send(Message message) throws IOException {
        try {
            socket.sendBinary(ByteBuffer.wrap(Message.encode(message)), true).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not send to the card: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to the card", e);
        }
    }

    private void receive(byte[] frame) {
        for (Message message : Message.decodeAll(frame)) {
            if (message instanceof Message.Sync sync) {
                switch (sync.message()) {
                    case SyncMessage.SyncStep1 step1 -> {
                        byte[] answer;
                        synchronized (lock) {
                            answer = Y.encodeStateAsUpdate(doc, step1.stateVector());
                        }
                        try {
                            send(Message.syncStep2(answer));
                        } catch (IOException e) {
                            synced.completeExceptionally(e);
                        }
                    }
                    case SyncMessage.SyncStep2 step2 -> {
                        synchronized (lock) {
                            Y.applyUpdate(doc, step2.update());
                        }
                        synced.complete(null);
                    }
                    case SyncMessage.Update update -> {
                        synchronized (lock) {
                            Y.applyUpdate(doc, update.update());
                            updates++;
                            bytes += update.update().length;
                        }
                    }
                }
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String stripToken(URI card) {
        String s = card.toString();
        int query = s.indexOf('?');
        return query < 0 ? s : s.substring(0, query);
    }

    /** Gathers a message's frames, hands each whole message to {@link #receive}. */
    private final class Listener implements WebSocket.Listener {

        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket; // before any message: an answer to the server's SyncStep1 goes out on it
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            pending.writeBytes(chunk);
            if (last) {
                byte[] frame = pending.toByteArray();
                pending.reset();
                receive(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            synced.completeExceptionally(new IOException("the server closed the connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            synced.completeExceptionally(error);
        }
    }
}
