package dev.promptcards.runner.prompt;

import java.util.Objects;

/**
 * What a provider is sent for one test case: the card's system prompt and its user message, both
 * rendered.
 *
 * @param system the rendered system prompt; empty when the card has none (a provider then sends no
 *               system message)
 * @param user   the rendered user message (the card's template)
 */
public record RenderedPrompt(String system, String user) {

    /** Both texts are required; use "" for an empty system prompt. */
    public RenderedPrompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
    }

    /** Whether there is a system prompt to send. */
    public boolean hasSystem() {
        return !system.isEmpty();
    }
}
