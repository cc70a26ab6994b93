package dev.promptcards.runner.provider;

/**
 * A run asked for a provider that cannot be used: an unknown name, or one whose API key is not set.
 * The message says what to configure, e.g. "provider openai needs an API key: set OPENAI_API_KEY in
 * the server's environment".
 */
public class ProviderNotConfiguredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The refusal with what to do about it. */
    public ProviderNotConfiguredException(String message) {
        super(message);
    }
}
