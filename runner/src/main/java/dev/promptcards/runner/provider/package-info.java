/**
 * Model providers behind one streaming interface: {@link dev.promptcards.runner.provider.ModelProvider}
 * starts a completion of a rendered prompt and returns a
 * {@link dev.promptcards.runner.provider.CompletionHandle} that cancels it; a
 * {@link dev.promptcards.runner.provider.StreamListener} gets the output piece by piece, then the
 * {@link dev.promptcards.runner.provider.Usage} (tokens in and out) or the error. The caller measures
 * latency and computes cost.
 *
 * <p>{@link dev.promptcards.runner.provider.Providers} holds the providers a server can use, made from
 * {@link dev.promptcards.runner.provider.ProviderSettings}: the built-in offline
 * {@link dev.promptcards.runner.provider.EchoProvider} ({@code echo}), and
 * {@link dev.promptcards.runner.provider.OpenAiProvider}, {@link dev.promptcards.runner.provider.AnthropicProvider}
 * and {@link dev.promptcards.runner.provider.OllamaProvider}, which stream through LangChain4j's own
 * clients. Each HTTP completion is a {@code StreamingCall}: it retries 429 and 5xx before the first
 * token (honouring {@code Retry-After}), ends at the per-call timeout, and aborts its HTTP request when
 * cancelled; the caller sees only tokens, then the usage or one
 * {@link dev.promptcards.runner.provider.ProviderException}. LangChain4j's HTTP client SPI is
 * implemented over the JDK client ({@code ExchangeHttpClient}) so that a request can be aborted at any
 * point and an error answer's headers can be read: LangChain4j's own client exposes neither.
 */
package dev.promptcards.runner.provider;
