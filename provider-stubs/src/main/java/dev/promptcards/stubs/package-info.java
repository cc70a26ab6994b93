/**
 * Local HTTP stand-ins for the LLM providers, speaking their real streaming APIs so that
 * LangChain4j's own clients talk to them unchanged: {@link dev.promptcards.stubs.OpenAiStub} (chat
 * completions, server-sent events), {@link dev.promptcards.stubs.AnthropicStub} (messages,
 * server-sent events) and {@link dev.promptcards.stubs.OllamaStub} ({@code /api/chat},
 * newline-delimited JSON).
 *
 * <p>Each stub answers a deterministic reply derived from the request (by default the last user
 * message, streamed back word by word), can be told to misbehave the ways real providers do (429 with
 * {@code Retry-After}, 5xx, hanging, garbage, dropping the connection mid-stream), and logs what it
 * received. They are built on the JDK's {@code com.sun.net.httpserver} and Jackson only, listen on
 * the loopback address on a free port, and are used by tests and by {@code bench runner}.
 */
package dev.promptcards.stubs;
