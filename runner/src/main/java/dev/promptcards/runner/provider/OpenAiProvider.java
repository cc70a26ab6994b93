package dev.promptcards.runner.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The provider {@code openai}: OpenAI's chat completions, or any OpenAI-compatible API at the
 * configured base URL, streamed through LangChain4j's {@code OpenAiStreamingChatModel} (which asks
 * for the usage chunk). {@code maxTokens} goes as {@code max_tokens}, or as
 * {@code max_completion_tokens} for OpenAI's reasoning models, which refuse {@code max_tokens}
 * (promptfoo src/providers/openai/chat.ts does the same for o1, o3, o4 and gpt-5). A stream that ends
 * without a {@code finish_reason} was cut short.
 */
public final class OpenAiProvider implements ModelProvider {

    /** The provider's name in a card's {@code model} map. */
    public static final String NAME = "openai";

    private final HttpProvider http;

    OpenAiProvider(URI baseUrl, String apiKey, ProviderTransport transport, RetryPolicy policy, Duration timeout) {
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
        return "OpenAiProvider[" + http.api().baseUrl() + "]";
    }

    /** Whether a model takes {@code max_completion_tokens} instead of {@code max_tokens}. */
    static boolean reasoningModel(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.startsWith("o1") || base.startsWith("o3") || base.startsWith("o4") || base.startsWith("gpt-5");
    }

    private record Api(URI baseUrl, String apiKey) implements ProviderApi {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String baseUrlOption() {
            return "--openai-base-url";
        }

        @Override
        public StreamingChatModel model(ModelSettings settings, Integer maxTokens, HttpClientBuilder http) {
            OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder builder = OpenAiStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl.toString())
                    .apiKey(apiKey)
                    .modelName(settings.model())
                    .temperature(settings.temperature());
            if (maxTokens != null && reasoningModel(settings.model())) {
                builder.maxCompletionTokens(maxTokens);
            } else {
                builder.maxTokens(maxTokens);
            }
            return builder.build();
        }

        @Override
        public boolean complete(ChatResponse response) {
            return response.finishReason() != null;
        }

        /** OpenAI's {@code event: error} reaches the handler as a RuntimeException holding the event's JSON. */
        @Override
        public String reportedError(Throwable error) {
            String message = error.getMessage();
            if (error.getClass() == RuntimeException.class && message != null && message.strip().startsWith("{")) {
                return ProviderErrors.message(message);
            }
            return null;
        }

        @Override
        public String toString() {
            return "openai at " + baseUrl;
        }
    }
}
