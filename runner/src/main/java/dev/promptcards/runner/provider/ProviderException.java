package dev.promptcards.runner.provider;

/**
 * A completion failed at its provider, after any retries: the message says which provider, what
 * happened and, where it helps, what to do ("openai answered 401: Incorrect API key provided",
 * "anthropic closed the stream before the end", "ollama sent something that is not its API: ...").
 * Messages never hold an API key.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure with its message. */
    public ProviderException(String message) {
        super(message);
    }

    /** A failure with its message and the transport error behind it. */
    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
