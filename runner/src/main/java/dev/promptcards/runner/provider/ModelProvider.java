package dev.promptcards.runner.provider;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;

/**
 * A source of completions that stream: the offline {@link EchoProvider}, and the providers reached over
 * HTTP. Provider-neutral on purpose: a run measures latency itself (from the call to
 * {@link StreamListener#onComplete}), records the usage reported, and cancels through the handle.
 */
public interface ModelProvider {

    /** The name a card's {@code model} map gives to pick this provider: openai, anthropic, ollama or echo. */
    String name();

    /**
     * Starts one completion. The listener may be called before this returns (a provider that answers
     * synchronously) or later on another thread.
     *
     * @param prompt   the rendered system prompt and user message
     * @param model    the card's model settings (model name, temperature, most tokens)
     * @param listener receives the output and the end of the completion
     * @return the handle that cancels it
     */
    CompletionHandle stream(RenderedPrompt prompt, ModelSettings model, StreamListener listener);
}
