package dev.promptcards.runner.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.TokenUsage;
import dev.promptcards.card.schema.ModelSettings;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One completion through a LangChain4j streaming model, made so that its caller sees only the
 * outcome: tokens, then the usage or one {@link ProviderException}. Inside, it retries an attempt
 * that failed with 429 or 5xx before its first token ({@link RetryPolicy}, honouring
 * {@code Retry-After}), stops at the per-call timeout, and aborts the HTTP request when cancelled, timed
 * out or failed. Each attempt builds its own model around its own {@link Exchange}, which is what
 * makes the request abortable at any point (LangChain4j's own {@code StreamingHandle} exists only
 * from the first token on, and only inside the handler) and what shows the status and headers of an
 * error answer.
 *
 * <p>The listener is called under one lock, and only while the call is live, so that once
 * {@link #cancel()} returns no call is under way or follows.
 */
final class StreamingCall implements CompletionHandle {

    /** Why an attempt failed, worded, and whether another attempt may help. */
    private record Failure(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {

        static Failure of(String message) {
            return new Failure(message, false, Optional.empty(), null);
        }

        static Failure of(String message, Throwable cause) {
            return new Failure(message, false, Optional.empty(), cause);
        }
    }

    private final ProviderApi api;
    private final ProviderTransport transport;
    private final RetryPolicy policy;
    private final Duration timeout;
    private final ModelSettings settings;
    private final Integer maxTokens;
    private final ChatRequest request;
    private final StreamListener listener;
    private final long deadline;

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private boolean done;
    private int attempts;
    private int tokens;
    private Attempt current;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> retry;

    private StreamingCall(ProviderApi api, ProviderTransport transport, RetryPolicy policy, Duration timeout,
            ModelSettings settings, Integer maxTokens, ChatRequest request, StreamListener listener) {
        this.api = api;
        this.transport = transport;
        this.policy = policy;
        this.timeout = timeout;
        this.settings = settings;
        this.maxTokens = maxTokens;
        this.request = request;
        this.listener = listener;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** Starts a completion; the listener may be called before this returns. */
    static StreamingCall start(ProviderApi api, ProviderTransport transport, RetryPolicy policy, Duration timeout,
            ModelSettings settings, Integer maxTokens, ChatRequest request, StreamListener listener) {
        StreamingCall call = new StreamingCall(api, transport, policy, timeout, settings, maxTokens, request,
                listener);
        call.begin();
        return call;
    }

    /** A completion that failed before it could start: the listener gets the error at once. */
    static CompletionHandle refused(ProviderException error, StreamListener listener) {
        listener.onError(error);
        return () -> { };
    }

    @Override
    public void cancel() {
        Attempt attempt;
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            stopTimers();
            attempt = current;
        } finally {
            lock.unlock();
        }
        if (attempt != null) {
            attempt.exchange.abort();
        }
    }

    private void begin() {
        lock.lock();
        try {
            timer = transport.timers.schedule(this::timedOut, timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            done = true;
            listener.onError(new ProviderException(api.name() + " cannot be called: the providers are closed "
                    + "(the server is shutting down)"));
            return;
        } finally {
            lock.unlock();
        }
        attempt();
    }

    private void attempt() {
        Attempt attempt;
        lock.lock();
        try {
            if (done) {
                return;
            }
            attempts++;
            attempt = new Attempt();
            current = attempt;
        } finally {
            lock.unlock();
        }
        try {
            StreamingChatModel model = api.model(settings, maxTokens,
                    new ExchangeHttpClientBuilder(transport, attempt.exchange));
            model.chat(request, attempt);
        } catch (RuntimeException e) {
            failed(attempt, Failure.of(api.name() + " refused the request before sending it: " + e.getMessage()));
        }
    }

    private boolean live(Attempt attempt) {
        return !done && attempt == current && !attempt.finished;
    }

    private void token(Attempt attempt, String text) {
        boolean listenerFailed = false;
        lock.lock();
        try {
            if (!live(attempt)) {
                return;
            }
            attempt.understood++;
            tokens++;
            try {
                listener.onToken(text);
            } catch (RuntimeException e) {
                listenerFailed = true;
                attempt.finished = true;
                done = true;
                stopTimers();
                listener.onError(new ProviderException("the " + api.name() + " output could not be taken: " + e, e));
            }
        } finally {
            lock.unlock();
        }
        if (listenerFailed) {
            attempt.exchange.abort();
        }
    }

    private void understood(Attempt attempt) {
        lock.lock();
        try {
            attempt.understood++;
        } finally {
            lock.unlock();
        }
    }

    private void completed(Attempt attempt, ChatResponse response) {
        Failure failure;
        lock.lock();
        try {
            if (!live(attempt)) {
                return;
            }
            if (api.complete(response)) {
                attempt.finished = true;
                done = true;
                stopTimers();
                listener.onComplete(usage(response));
                return;
            }
            failure = cutShort(attempt);
        } finally {
            lock.unlock();
        }
        failed(attempt, failure);
    }

    private void bodyEnded(Attempt attempt) {
        Failure failure;
        lock.lock();
        try {
            if (!live(attempt)) {
                return;
            }
            failure = cutShort(attempt);
        } finally {
            lock.unlock();
        }
        failed(attempt, failure);
    }

    /** Retries, or ends the call with the failure; either way the attempt's request is aborted (it may stream on). */
    private void failed(Attempt attempt, Failure failure) {
        lock.lock();
        try {
            if (!live(attempt)) {
                return;
            }
            attempt.finished = true;
            String message = failure.message();
            if (failure.retryable() && tokens == 0) {
                if (attempts < policy.maxAttempts()) {
                    Duration wait = policy.delay(attempts, failure.retryAfter(),
                            ThreadLocalRandom.current().nextDouble());
                    if (System.nanoTime() + wait.toNanos() >= deadline) {
                        message += " (gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                                + ": waiting " + ProviderErrors.duration(wait) + " more would pass the "
                                + ProviderErrors.duration(timeout) + " call timeout; try again later)";
                    } else if (scheduleRetry(wait)) {
                        return;
                    } else {
                        message += " (not retried: the providers are closed)";
                    }
                } else {
                    message += " (gave up after " + attempts + " attempts; try again later)";
                }
            }
            done = true;
            stopTimers();
            listener.onError(new ProviderException(ProviderErrors.redact(message, api.apiKey()), failure.cause()));
        } finally {
            lock.unlock();
            attempt.exchange.abort();
        }
    }

    private boolean scheduleRetry(Duration wait) {
        try {
            retry = transport.timers.schedule(this::attempt, wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private void timedOut() {
        Attempt attempt;
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            stopTimers();
            attempt = current;
            listener.onError(new ProviderException(api.name() + " did not finish within "
                    + ProviderErrors.duration(timeout) + " (the per-call timeout), so the call was cancelled; "
                    + "try again, or raise the timeout if the model needs longer"));
        } finally {
            lock.unlock();
        }
        if (attempt != null) {
            attempt.exchange.abort();
        }
    }

    private void stopTimers() {
        if (timer != null) {
            timer.cancel(false);
        }
        if (retry != null) {
            retry.cancel(false);
        }
    }

    /** The answer ended without its end: nothing of the API at all, or a stream cut off. */
    private Failure cutShort(Attempt attempt) {
        if (attempt.understood == 0 && !attempt.exchange.head().isBlank()) {
            return notItsApi(attempt.exchange.head());
        }
        return closedBeforeTheEnd(null);
    }

    private Failure notItsApi(String sent) {
        return Failure.of(api.name() + " sent something that is not its API: " + ProviderErrors.snippet(sent)
                + "; check that " + api.baseUrlOption() + " (" + api.baseUrl() + ") points at " + api.name());
    }

    private Failure closedBeforeTheEnd(Throwable cause) {
        return Failure.of(api.name() + " closed the stream before the end; the output is incomplete, "
                + "run the test again", cause);
    }

    /** What an error LangChain4j reported means, from what the attempt's exchange saw. */
    private Failure classify(Attempt attempt, Throwable error) {
        Exchange exchange = attempt.exchange;
        Exchange.ErrorAnswer answer = exchange.errorAnswer();
        if (answer != null) {
            String message = api.name() + " answered " + answer.status() + ": " + ProviderErrors.message(answer.body());
            return new Failure(message, RetryPolicy.retryable(answer.status()),
                    RetryAfter.of(answer.headers(), Instant.now()), null);
        }
        Throwable sendFailure = exchange.sendFailure();
        if (sendFailure != null) {
            if (unreachable(sendFailure)) {
                return Failure.of(api.name() + " is unreachable at " + api.baseUrl() + " (" + describe(sendFailure)
                        + "); check that it runs there, or set " + api.baseUrlOption(), sendFailure);
            }
            return Failure.of(api.name() + " closed the connection before answering (" + describe(sendFailure)
                    + "); run the test again", sendFailure);
        }
        if (exchange.readFailure() != null) {
            return closedBeforeTheEnd(exchange.readFailure());
        }
        String reported = api.reportedError(error);
        if (reported != null) {
            return Failure.of(api.name() + " reported an error: " + ProviderErrors.snippet(reported));
        }
        if (causedBy(error, JsonProcessingException.class)) {
            return attempt.understood == 0
                    ? notItsApi(exchange.head())
                    : Failure.of(api.name() + " sent something that is not its API: "
                            + ProviderErrors.snippet(describe(rootOf(error))));
        }
        return Failure.of(api.name() + " failed: " + describe(error), error);
    }

    private static boolean unreachable(Throwable error) {
        return causedBy(error, ConnectException.class) || causedBy(error, HttpConnectTimeoutException.class)
                || causedBy(error, UnresolvedAddressException.class) || causedBy(error, UnknownHostException.class);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootOf(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** An exception as a short phrase: its message, or its kind when it has none. */
    private static String describe(Throwable error) {
        Throwable shown = error;
        while (shown.getMessage() == null && shown.getCause() != null && shown.getCause() != shown) {
            if (shown instanceof ConnectException) {
                // The JDK client's refused connection: a ConnectException around a ClosedChannelException, no message.
                return "connection refused";
            }
            shown = shown.getCause();
        }
        if (shown.getMessage() != null) {
            return shown.getMessage();
        }
        return shown instanceof ConnectException ? "connection refused" : shown.getClass().getSimpleName();
    }

    private static Usage usage(ChatResponse response) {
        TokenUsage usage = response.tokenUsage();
        if (usage == null) {
            return new Usage(0, 0);
        }
        long in = usage.inputTokenCount() == null ? 0 : Math.max(0, usage.inputTokenCount());
        long out = usage.outputTokenCount() == null ? 0 : Math.max(0, usage.outputTokenCount());
        return new Usage(in, out);
    }

    /** One attempt: LangChain4j's handler for it, and its exchange. */
    private final class Attempt implements StreamingChatResponseHandler, Exchange.BodyEnd {

        final Exchange exchange = new Exchange(this);
        // Guarded by the call's lock.
        boolean finished;
        int understood;

        @Override
        public void onPartialResponse(String text) {
            token(this, text);
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            understood(this);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            completed(this, response);
        }

        @Override
        public void onError(Throwable error) {
            failed(this, classify(this, error));
        }

        @Override
        public void bodyEnded() {
            StreamingCall.this.bodyEnded(this);
        }
    }
}
