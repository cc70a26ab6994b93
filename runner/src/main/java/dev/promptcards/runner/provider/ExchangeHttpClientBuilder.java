package dev.promptcards.runner.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * Gives a LangChain4j model the {@link ExchangeHttpClient} of one attempt. The timeouts LangChain4j
 * sets here are kept only because the SPI reads them back: the shared JDK client has its connect
 * timeout, and the per-call timeout bounds the rest.
 */
final class ExchangeHttpClientBuilder implements HttpClientBuilder {

    private final ProviderTransport transport;
    private final Exchange exchange;
    private Duration connectTimeout;
    private Duration readTimeout;

    ExchangeHttpClientBuilder(ProviderTransport transport, Exchange exchange) {
        this.transport = transport;
        this.exchange = exchange;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public ExchangeHttpClient build() {
        return new ExchangeHttpClient(transport, exchange);
    }
}
