package dev.promptcards.runner.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the HTTP providers are and how they are called: base URLs, API keys (null when not set),
 * the per-call timeout and the per-provider concurrency the run executor allows. The keys come from
 * the server's environment and go nowhere else: {@link #toString()} says only whether each is set.
 *
 * @param openAiBaseUrl    OpenAI's API, or any OpenAI-compatible one (its {@code /chat/completions} is called)
 * @param openAiApiKey     the OpenAI API key, or null: then openai is not configured
 * @param anthropicBaseUrl Anthropic's API (its {@code /messages} is called)
 * @param anthropicApiKey  the Anthropic API key, or null: then anthropic is not configured
 * @param ollamaBaseUrl    an Ollama server (its {@code /api/chat} is called)
 * @param callTimeout      the most one completion may take, retries included
 * @param concurrency      the most completions under way per provider (the run executor enforces it)
 */
public record ProviderSettings(URI openAiBaseUrl, String openAiApiKey, URI anthropicBaseUrl, String anthropicApiKey,
        URI ollamaBaseUrl, Duration callTimeout, int concurrency) {

    /** OpenAI's API, LangChain4j's default too (OpenAiUtils.DEFAULT_OPENAI_URL). */
    public static final URI DEFAULT_OPENAI_BASE_URL = URI.create("https://api.openai.com/v1");

    /** Anthropic's API, LangChain4j's default without its trailing slash (AnthropicStreamingChatModel). */
    public static final URI DEFAULT_ANTHROPIC_BASE_URL = URI.create("https://api.anthropic.com/v1");

    /** Ollama's default listen address (OLLAMA_HOST's default, 127.0.0.1:11434). */
    public static final URI DEFAULT_OLLAMA_BASE_URL = URI.create("http://127.0.0.1:11434");

    /** The default per-call timeout: the OpenAI and Anthropic SDKs' default request timeout is 60 s or more. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

    /** The default number of completions under way per provider (promptfoo's default -j is 4). */
    public static final int DEFAULT_CONCURRENCY = 4;

    /** Checks the values; a blank key counts as none. */
    public ProviderSettings {
        checkUrl("openAiBaseUrl", openAiBaseUrl);
        checkUrl("anthropicBaseUrl", anthropicBaseUrl);
        checkUrl("ollamaBaseUrl", ollamaBaseUrl);
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        openAiApiKey = blankToNull(openAiApiKey);
        anthropicApiKey = blankToNull(anthropicApiKey);
    }

    /** The providers' public addresses, no keys, a 60 s timeout and 4 completions per provider. */
    public static ProviderSettings defaults() {
        return new ProviderSettings(DEFAULT_OPENAI_BASE_URL, null, DEFAULT_ANTHROPIC_BASE_URL, null,
                DEFAULT_OLLAMA_BASE_URL, DEFAULT_CALL_TIMEOUT, DEFAULT_CONCURRENCY);
    }

    /** These settings with OpenAI (or an OpenAI-compatible API) at {@code baseUrl} with {@code apiKey}. */
    public ProviderSettings withOpenAi(URI baseUrl, String apiKey) {
        return new ProviderSettings(baseUrl, apiKey, anthropicBaseUrl, anthropicApiKey, ollamaBaseUrl, callTimeout,
                concurrency);
    }

    /** These settings with Anthropic at {@code baseUrl} with {@code apiKey}. */
    public ProviderSettings withAnthropic(URI baseUrl, String apiKey) {
        return new ProviderSettings(openAiBaseUrl, openAiApiKey, baseUrl, apiKey, ollamaBaseUrl, callTimeout,
                concurrency);
    }

    /** These settings with Ollama at {@code baseUrl}. */
    public ProviderSettings withOllama(URI baseUrl) {
        return new ProviderSettings(openAiBaseUrl, openAiApiKey, anthropicBaseUrl, anthropicApiKey, baseUrl,
                callTimeout, concurrency);
    }

    /** These settings with another per-call timeout. */
    public ProviderSettings withCallTimeout(Duration timeout) {
        return new ProviderSettings(openAiBaseUrl, openAiApiKey, anthropicBaseUrl, anthropicApiKey, ollamaBaseUrl,
                timeout, concurrency);
    }

    /** These settings with another per-provider concurrency. */
    public ProviderSettings withConcurrency(int completions) {
        return new ProviderSettings(openAiBaseUrl, openAiApiKey, anthropicBaseUrl, anthropicApiKey, ollamaBaseUrl,
                callTimeout, completions);
    }

    /** The settings with each key shown only as set or not set. */
    @Override
    public String toString() {
        return "ProviderSettings[openAiBaseUrl=" + openAiBaseUrl
                + ", openAiApiKey=" + shown(openAiApiKey)
                + ", anthropicBaseUrl=" + anthropicBaseUrl
                + ", anthropicApiKey=" + shown(anthropicApiKey)
                + ", ollamaBaseUrl=" + ollamaBaseUrl
                + ", callTimeout=" + callTimeout
                + ", concurrency=" + concurrency + "]";
    }

    private static String shown(String key) {
        return key == null ? "(not set)" : "(set)";
    }

    private static String blankToNull(String key) {
        return key == null || key.isBlank() ? null : key.strip();
    }

    private static void checkUrl(String name, URI url) {
        Objects.requireNonNull(url, name);
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http or https URL with a host: " + url);
        }
    }
}
