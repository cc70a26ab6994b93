package dev.promptcards.runner.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingException;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.net.URI;
import java.time.Duration;

/**
 * The provider {@code ollama}: an Ollama server's {@code /api/chat}, streamed as newline-delimited
 * JSON through LangChain4j's {@code OllamaStreamingChatModel}; {@code maxTokens} goes as
 * {@code options.num_predict}. No key. LangChain4j completes only on a line with {@code "done": true},
 * so a stream without it was cut short; an {@code {"error": ...}} line is reported with Ollama's message.
 */
public final class OllamaProvider implements ModelProvider {

    /** The provider's name in a card's {@code model} map. */
    public static final String NAME = "ollama";

    private final HttpProvider http;

    OllamaProvider(URI baseUrl, ProviderTransport transport, RetryPolicy policy, Duration timeout) {
        this.http = new HttpProvider(new Api(baseUrl), transport, policy, timeout);
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
        return "OllamaProvider[" + http.api().baseUrl() + "]";
    }

    private record Api(URI baseUrl) implements ProviderApi {

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String baseUrlOption() {
            return "--ollama-base-url";
        }

        @Override
        public String apiKey() {
            return null;
        }

        @Override
        public StreamingChatModel model(ModelSettings settings, Integer maxTokens, HttpClientBuilder http) {
            return OllamaStreamingChatModel.builder()
                    .httpClientBuilder(http)
                    .baseUrl(baseUrl.toString())
                    .modelName(settings.model())
                    .temperature(settings.temperature())
                    .numPredict(maxTokens)
                    .build();
        }

        @Override
        public boolean complete(ChatResponse response) {
            return true;
        }

        @Override
        public String reportedError(Throwable error) {
            return error instanceof OllamaStreamingException ? error.getMessage() : null;
        }
    }
}
