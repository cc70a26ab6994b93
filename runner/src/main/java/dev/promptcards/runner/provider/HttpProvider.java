package dev.promptcards.runner.provider;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the three HTTP providers do alike: check the card's settings, turn the rendered prompt into
 * LangChain4j's system and user messages, and start a {@link StreamingCall}.
 */
final class HttpProvider {

    private final ProviderApi api;
    private final ProviderTransport transport;
    private final RetryPolicy policy;
    private final Duration timeout;

    HttpProvider(ProviderApi api, ProviderTransport transport, RetryPolicy policy, Duration timeout) {
        this.api = api;
        this.transport = transport;
        this.policy = policy;
        this.timeout = timeout;
    }

    ProviderApi api() {
        return api;
    }

    CompletionHandle stream(RenderedPrompt prompt, ModelSettings model, StreamListener listener) {
        if (model.model() == null || model.model().isBlank()) {
            return StreamingCall.refused(new ProviderException(api.name() + " needs a model name: set model in the "
                    + "card's model settings (e.g. the name the provider lists)"), listener);
        }
        Integer maxTokens = null;
        if (model.maxTokens() != null) {
            if (model.maxTokens() < 1 || model.maxTokens() > Integer.MAX_VALUE) {
                return StreamingCall.refused(new ProviderException(api.name() + " cannot take maxTokens "
                        + model.maxTokens() + ": set it between 1 and " + Integer.MAX_VALUE + ", or remove it"),
                        listener);
            }
            maxTokens = model.maxTokens().intValue();
        }
        List<ChatMessage> messages = new ArrayList<>(2);
        // LangChain4j refuses a blank system message; a blank system prompt is sent as none.
        if (!prompt.system().isBlank()) {
            messages.add(SystemMessage.from(prompt.system()));
        }
        messages.add(UserMessage.from(prompt.user()));
        ChatRequest request = ChatRequest.builder().messages(messages).build();
        return StreamingCall.start(api, transport, policy, timeout, model, maxTokens, request, listener);
    }
}
