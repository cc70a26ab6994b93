package dev.promptcards.runner.provider;

import static dev.langchain4j.http.client.sse.ServerSentEventListenerUtils.ignoringExceptions;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * LangChain4j's HTTP client SPI ({@code dev.langchain4j.http.client.HttpClient}) over the shared JDK
 * client, for one attempt: it does what LangChain4j's {@code JdkHttpClient} does (send, hand a 2xx
 * body to the provider's parser, a non-2xx one to the listener as {@code HttpException}), and also
 * reports everything into the attempt's {@link Exchange}, which can abort it. The model's
 * {@code timeout} is not used: the per-call timeout of {@link StreamingCall} bounds the whole call.
 */
final class ExchangeHttpClient implements HttpClient {

    /** The most of an error answer's body that is read (error bodies are small JSON documents). */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final ProviderTransport transport;
    private final Exchange exchange;

    ExchangeHttpClient(ProviderTransport transport, Exchange exchange) {
        this.transport = transport;
        this.exchange = exchange;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        CompletableFuture<HttpResponse<InputStream>> sent =
                transport.http.sendAsync(toJdk(request), BodyHandlers.ofInputStream());
        exchange.sent(sent);
        HttpResponse<InputStream> response;
        try {
            response = sent.get();
        } catch (ExecutionException e) {
            exchange.failedToSend(e.getCause());
            throw new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.abort();
            throw new CancellationException("interrupted while waiting for the answer");
        }
        if (!successful(response)) {
            String body = readError(response.body());
            exchange.answeredError(new Exchange.ErrorAnswer(response.statusCode(), response.headers(), body));
            throw new HttpException(response.statusCode(), body);
        }
        InputStream body = exchange.open(response.body());
        if (body == null) {
            throw new CancellationException("the request was aborted");
        }
        try (body) {
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(body.readAllBytes())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        CompletableFuture<HttpResponse<InputStream>> sent;
        try {
            sent = transport.http.sendAsync(toJdk(request), BodyHandlers.ofInputStream());
        } catch (RuntimeException e) {
            // A request the JDK client refuses (a header it forbids), or the client is closed.
            exchange.failedToSend(e);
            ignoringExceptions(() -> listener.onError(e));
            exchange.ended();
            return;
        }
        exchange.sent(sent);
        sent.whenCompleteAsync((response, failure) -> {
            try {
                receive(response, failure, parser, listener);
            } finally {
                exchange.ended();
            }
        }, transport.readers);
    }

    private void receive(HttpResponse<InputStream> response, Throwable failure, ServerSentEventParser parser,
            ServerSentEventListener listener) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (!exchange.aborted()) {
                exchange.failedToSend(cause);
            }
            ignoringExceptions(() -> listener.onError(cause));
            return;
        }
        if (!successful(response)) {
            String body = readError(response.body());
            exchange.answeredError(new Exchange.ErrorAnswer(response.statusCode(), response.headers(), body));
            HttpException error = new HttpException(response.statusCode(), body);
            ignoringExceptions(() -> listener.onError(error));
            return;
        }
        InputStream body = exchange.open(response.body());
        if (body == null) {
            return;
        }
        SuccessfulHttpResponse opened = SuccessfulHttpResponse.builder()
                .statusCode(response.statusCode())
                .headers(response.headers().map())
                .build();
        ignoringExceptions(() -> listener.onOpen(opened));
        try (body) {
            parser.parse(body, listener);
        } catch (IOException closing) {
            // The parser has read to the end or failed and said so to the listener; closing adds nothing.
        }
        ignoringExceptions(listener::onClose);
    }

    private static java.net.http.HttpRequest toJdk(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new IllegalArgumentException("multipart requests are not used by chat completions");
        }
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        return builder.build();
    }

    private static boolean successful(HttpResponse<?> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    private static String readError(InputStream body) {
        try (body) {
            return new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
