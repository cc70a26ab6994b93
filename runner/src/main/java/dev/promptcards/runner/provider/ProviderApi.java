package dev.promptcards.runner.provider;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.promptcards.card.schema.ModelSettings;
import java.net.URI;

/** What differs between the HTTP providers: how LangChain4j's model is built, and how its stream ends and fails. */
interface ProviderApi {

    /** The provider's name: openai, anthropic or ollama. */
    String name();

    /** Where it is called. */
    URI baseUrl();

    /** The server option that sets {@link #baseUrl()}, for messages. */
    String baseUrlOption();

    /** The API key to keep out of messages, or null. */
    String apiKey();

    /**
     * LangChain4j's streaming model for one attempt, with the card's settings and the attempt's HTTP
     * client; a setting the model refuses throws.
     *
     * @param settings  the card's model settings, with a model name
     * @param maxTokens the most tokens to generate, or null for the provider's default
     */
    StreamingChatModel model(ModelSettings settings, Integer maxTokens, HttpClientBuilder http);

    /** Whether a response LangChain4j completed with is the whole answer, not a stream cut short. */
    boolean complete(ChatResponse response);

    /** The provider's own message when the error is one it reported inside the stream, else null. */
    String reportedError(Throwable error);
}
