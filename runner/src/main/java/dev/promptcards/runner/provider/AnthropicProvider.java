package dev.promptcards.runner.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.internal.api.AnthropicStreamingException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.net.URI;
import java.time.Duration;

/**
 * The provider {@code anthropic}: Anthropic's messages API streamed through LangChain4j's
 * {@code AnthropicStreamingChatModel}. Anthropic requires {@code max_tokens}: without the card's
 * {@code maxTokens}, LangChain4j's default of 1024 is sent. LangChain4j completes only on
 * {@code message_stop}, so a stream without it was cut short; an {@code event: error} in the stream
 * (e.g. {@code overloaded_error}) is reported with Anthropic's message.
 */
public final class AnthropicProvider implements ModelProvider {

    /** The provider's name in a card's {@code model} map. */
    public static final String NAME = "anthropic";

    private final HttpProvider http;

    AnthropicProvider(URI baseUrl, String apiKey, ProviderTransport transport, RetryPolicy policy, Duration timeout) {
        this.http = new HttpProvider(new Api(baseUrl, apiKey), transport, policy, timeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionHandle stream(RenderedPrompt prompt, ModelSettings model, StreamListener listener) {
        return http.stream(prompt, model, listener);
    }

    /** The base URL only. */
    @Override
    public String toString() {
        return "AnthropicProvider[" + http.api().baseUrl() + "]";
    }

    private record Api(URI baseUrl, String apiKey) implements ProviderApi {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String baseUrlOption() {
            return "--anthropic-base-url";
        }

        @Override
        public StreamingChatModel model(ModelSettings settings, Integer maxTokens, HttpClientBuilder http) {
            return AnthropicStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl.toString())
                    .apiKey(apiKey)
                    .modelName(settings.model())
                    .temperature(settings.temperature())
                    .maxTokens(maxTokens)
                    .build();
        }

        @Override
        public boolean complete(ChatResponse response) {
            return true;
        }

        @Override
        public String reportedError(Throwable error) {
            if (error instanceof AnthropicStreamingException reported) {
                return reported.type() + ": " + reported.getMessage();
            }
            return null;
        }

        @Override
        public String toString() {
            return "anthropic at " + baseUrl;
        }
    }
}
