/**
 * Model providers behind one streaming interface: {@link dev.promptcards.runner.provider.ModelProvider}
 * starts a completion of a rendered prompt and returns a
 * {@link dev.promptcards.runner.provider.CompletionHandle} that cancels it; a
 * {@link dev.promptcards.runner.provider.StreamListener} gets the output piece by piece, then the
 * {@link dev.promptcards.runner.provider.Usage} (tokens in and out) or the error. The caller measures
 * latency and computes cost.
 *
 * <p>{@link dev.promptcards.runner.provider.EchoProvider} is the built-in offline provider {@code echo}:
 * the user message back, deterministic, with no network. The HTTP providers (OpenAI, Anthropic,
 * Ollama through LangChain4j) are to implement the same interface.
 */
package dev.promptcards.runner.provider;
