package dev.promptcards.stubs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the three provider stubs share: an HTTP server on the loopback address and a free port, the
 * request log, the reply, and the fault modes. A stub answers its provider's streaming endpoint
 * (POST only); any other path gets 404 in the provider's error format.
 *
 * <p>What a request gets, in this order: 401 when an API key is required and the request lacks it;
 * the next queued failure ({@link #failNext}); otherwise the current mode: a normal stream (the
 * default, {@link #behaveNormally}), {@link #hang}, {@link #garbage} or {@link #closeMidStream}. A
 * normal stream sends the reply ({@link #reply}; by default the last user message) cut by
 * {@link StubReplies#chunks}, waiting {@link #chunkDelay} before each chunk.
 *
 * <p>Thread-safe: a test may change the behaviour while requests are under way; each request reads
 * it once when it arrives. Each request runs on a virtual thread of the server's executor, so a
 * delayed or hanging answer holds no platform thread.
 */
public abstract class ProviderStub implements AutoCloseable {

    /** Shared by the stubs to read requests and write events; thread-safe once configured. */
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // A stream is many small writes, each flushed: with Nagle's algorithm on (the JDK server's
        // default) each waits for the client's delayed ACK, some 40 ms. The JDK server reads this
        // property once, when its first server starts; an explicit setting is left alone.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private enum Mode { NORMAL, HANG, GARBAGE, CLOSE_MID_STREAM }

    /** A queued failure: status, Retry-After header (null: none), error message (null: the stub's default). */
    private record Failure(int status, String retryAfter, String message) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<StubRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger aborted = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();

    // The behaviour, guarded by this.
    private final List<Failure> failures = new ArrayList<>();
    private Mode mode = Mode.NORMAL;
    private int closeAfterChunks;
    private Duration chunkDelay = Duration.ZERO;
    private Function<StubRequest, String> reply = request -> StubReplies.lastUserMessage(request.json());
    private String requiredApiKey;

    ProviderStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("the stub could not listen on the loopback address", e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        InetSocketAddress address = server.getAddress();
        baseUrl = URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + basePath());
    }

    /** What the provider's base URL option takes to reach this stub (no trailing slash). */
    public URI baseUrl() {
        return baseUrl;
    }

    // ---- behaviour ----

    /** The reply to a request, as text to stream; by default the request's last user message. */
    public synchronized void reply(Function<StubRequest, String> reply) {
        this.reply = Objects.requireNonNull(reply, "reply");
    }

    /** A pause before each chunk of a stream (zero by default): a slow model, or time to cancel. */
    public synchronized void chunkDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative chunk delay: " + delay);
        }
        this.chunkDelay = delay;
    }

    /**
     * Answers the next {@code times} requests with {@code status} and the provider's error body,
     * before any mode applies; the failures queue behind those already queued.
     *
     * @param retryAfter the {@code Retry-After} header to send (seconds, or an HTTP date), or null for none
     */
    public void failNext(int times, int status, String retryAfter) {
        failNext(times, status, retryAfter, null);
    }

    /**
     * As {@link #failNext(int, int, String)}, with the error message the body carries (null: the
     * stub's default for the status).
     */
    public synchronized void failNext(int times, int status, String retryAfter, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        for (int i = 0; i < times; i++) {
            failures.add(new Failure(status, retryAfter, message));
        }
    }

    /** From now on, requests get no answer at all until the stub is closed. */
    public synchronized void hang() {
        mode = Mode.HANG;
    }

    /** From now on, requests get 200 with a body that is not the provider's API (an HTML page). */
    public synchronized void garbage() {
        mode = Mode.GARBAGE;
    }

    /**
     * From now on, streams start normally and the connection is dropped (no clean end of the body)
     * after {@code chunks} chunks of the reply.
     */
    public synchronized void closeMidStream(int chunks) {
        if (chunks < 0) {
            throw new IllegalArgumentException("negative chunk count: " + chunks);
        }
        mode = Mode.CLOSE_MID_STREAM;
        closeAfterChunks = chunks;
    }

    /** Back to normal streams; queued failures are dropped. The reply, delay and key stay. */
    public synchronized void behaveNormally() {
        mode = Mode.NORMAL;
        failures.clear();
    }

    /** Requests without this API key (in the provider's header) get 401; null accepts any. */
    public synchronized void requireApiKey(String apiKey) {
        this.requiredApiKey = apiKey;
    }

    // ---- log ----

    /** Every request received so far, in order of arrival. */
    public List<StubRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many requests arrived. */
    public int requestCount() {
        return requests.size();
    }

    /** The last request received; fails when there was none. */
    public StubRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the stub has received no request");
        }
        return requests.get(requests.size() - 1);
    }

    /** How many streams the client abandoned: a write failed because it had closed the connection. */
    public int abortedCount() {
        return aborted.get();
    }

    /** Whether any client closed its connection while the stub was still streaming to it. */
    public boolean clientAborted() {
        return aborted.get() > 0;
    }

    /** How many streams were sent to their end. */
    public int completedCount() {
        return completed.get();
    }

    /** Stops the server, ending any hanging answer by dropping its connection. */
    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.close();
    }

    // ---- what each provider's API says ----

    /** The path of the base URL, "" or e.g. "/v1". */
    abstract String basePath();

    /** The path of the streaming endpoint. */
    abstract String streamPath();

    /** Whether the request carries the API key in this provider's header. */
    abstract boolean hasApiKey(StubRequest request, String apiKey);

    /** The content type of a stream. */
    abstract String streamContentType();

    /** Whether the request asks for a stream; a stub whose API only streams says always. */
    boolean wantsStream(JsonNode request) {
        return true;
    }

    /** The whole answer as one body, for a request that asks for no stream. */
    String whole(Stream stream) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " only streams");
    }

    /** What precedes the first chunk. */
    abstract String head(Stream stream);

    /** One chunk of the reply. */
    abstract String chunk(Stream stream, String text);

    /** What follows the last chunk: the end, with usage. */
    abstract String tail(Stream stream);

    /** The provider's error body for a status, with a message. */
    abstract String errorBody(int status, String message);

    /** The message of an error the test did not word. */
    abstract String defaultErrorMessage(int status);

    /** The prompt tokens of a request as the stubs count them (words of every message). */
    long promptTokens(JsonNode request) {
        return StubReplies.messageWords(request);
    }

    /**
     * One stream being answered: what the dialects need to word their events.
     *
     * @param id        an id unique in this stub, for the provider's message id
     * @param request   the request's body
     * @param model     the model the request named
     * @param chunks    the reply's chunks
     * @param tokensIn  the prompt tokens
     */
    record Stream(String id, JsonNode request, String model, List<String> chunks, long tokensIn) {

        /** The completion tokens: one per chunk. */
        long tokensOut() {
            return chunks.size();
        }
    }

    // ---- serving ----

    /**
     * Answers one request. An exception out of here (a dropped connection, a client gone) makes the
     * JDK server close the connection without ending the response, which is why the exchange is
     * closed only on the normal paths: closing it would end a chunked body cleanly.
     */
    private void handle(HttpExchange exchange) throws IOException {
        answer(exchange);
        exchange.close();
    }

    private void answer(HttpExchange exchange) throws IOException {
        StubRequest request = read(exchange);
        requests.add(request);
        if (!"POST".equals(request.method()) || !streamPath().equals(request.path())) {
            sendError(exchange, 404, null, "no such endpoint: " + request.method() + " " + request.path());
            return;
        }
        Failure failure;
        Mode current;
        int closeAfter;
        Duration delay;
        Function<StubRequest, String> replyOf;
        synchronized (this) {
            if (requiredApiKey != null && !hasApiKey(request, requiredApiKey)) {
                failure = new Failure(401, null, null);
            } else {
                failure = failures.isEmpty() ? null : failures.remove(0);
            }
            current = mode;
            closeAfter = closeAfterChunks;
            delay = chunkDelay;
            replyOf = reply;
        }
        if (failure != null) {
            String message = failure.message() == null ? defaultErrorMessage(failure.status()) : failure.message();
            sendError(exchange, failure.status(), failure.retryAfter(), message);
            return;
        }
        switch (current) {
            case HANG -> hangUntilClosed();
            case GARBAGE -> sendGarbage(exchange);
            case NORMAL -> stream(exchange, request, replyOf, delay, -1);
            case CLOSE_MID_STREAM -> stream(exchange, request, replyOf, delay, closeAfter);
            default -> throw new IllegalStateException("unknown mode " + current);
        }
    }

    private static StubRequest read(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new StubRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                Instant.now());
    }

    private void stream(HttpExchange exchange, StubRequest request, Function<StubRequest, String> replyOf,
            Duration delay, int closeAfter) throws IOException {
        JsonNode json = request.json();
        List<String> chunks = StubReplies.chunks(replyOf.apply(request));
        Stream stream = new Stream("stub-" + sequence.incrementAndGet(), json, json.path("model").asText(""),
                chunks, promptTokens(json));
        if (!wantsStream(json)) {
            answerWhole(exchange, stream, delay, closeAfter);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", streamContentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        send(body, head(stream));
        for (int i = 0; i < chunks.size(); i++) {
            if (i == closeAfter) {
                throw new DroppedConnection();
            }
            pause(delay);
            send(body, chunk(stream, chunks.get(i)));
        }
        if (closeAfter >= chunks.size()) {
            throw new DroppedConnection();
        }
        send(body, tail(stream));
        completed.incrementAndGet();
    }

    /**
     * The reply as one body, for a request that asks for no stream: the same delay per chunk, then
     * the provider's whole answer; dropped instead after {@code closeAfter} chunks (-1: never).
     */
    private void answerWhole(HttpExchange exchange, Stream stream, Duration delay, int closeAfter) throws IOException {
        for (int i = 0; i < stream.chunks().size(); i++) {
            if (i == closeAfter) {
                throw new DroppedConnection();
            }
            pause(delay);
        }
        if (closeAfter >= stream.chunks().size()) {
            throw new DroppedConnection();
        }
        byte[] body = whole(stream).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try {
            exchange.getResponseBody().write(body);
            exchange.getResponseBody().flush();
        } catch (IOException e) {
            aborted.incrementAndGet();
            throw e;
        }
        completed.incrementAndGet();
    }

    private void send(OutputStream body, String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        try {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
        } catch (IOException e) {
            // The client closed its end: the first write after it may still succeed, a later one fails.
            aborted.incrementAndGet();
            throw e;
        }
    }

    private void sendError(HttpExchange exchange, int status, String retryAfter, String message) throws IOException {
        byte[] body = errorBody(status, message).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static void sendGarbage(HttpExchange exchange) throws IOException {
        byte[] body = "<html><head><title>Welcome</title></head><body><h1>It works!</h1></body></html>\n"
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void hangUntilClosed() throws IOException {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new DroppedConnection();
    }

    private void pause(Duration delay) throws IOException {
        if (delay.isZero()) {
            return;
        }
        try {
            if (closed.await(delay.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new DroppedConnection();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DroppedConnection();
        }
    }

    /**
     * Thrown out of the handler so that the JDK server closes the connection without ending the
     * response: the client sees the body cut off, as when a provider's connection drops.
     */
    private static final class DroppedConnection extends IOException {
        DroppedConnection() {
            super("the stub drops the connection");
        }
    }
}
