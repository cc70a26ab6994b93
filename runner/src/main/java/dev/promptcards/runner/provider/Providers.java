package dev.promptcards.runner.provider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The model providers a server can use, by the name a card's {@code model} map gives: {@code echo}
 * (offline, always), {@code ollama} (always: its URL has a default), and {@code openai} and
 * {@code anthropic} when their API key is set. Owns the HTTP client and the threads the HTTP
 * providers share; {@link #close()} aborts whatever they have under way.
 */
public final class Providers implements AutoCloseable {

    /** Every provider name, in the order messages list them. */
    public static final List<String> NAMES = List.of(OpenAiProvider.NAME, AnthropicProvider.NAME, OllamaProvider.NAME,
            EchoProvider.NAME);

    private final ProviderSettings settings;
    private final ProviderTransport transport;
    private final Map<String, ModelProvider> configured;

    private Providers(ProviderSettings settings, RetryPolicy policy) {
        this.settings = settings;
        this.transport = new ProviderTransport(settings.callTimeout());
        Map<String, ModelProvider> providers = new TreeMap<>();
        providers.put(EchoProvider.NAME, new EchoProvider());
        providers.put(OllamaProvider.NAME, new OllamaProvider(settings.ollamaBaseUrl(), transport, policy,
                settings.callTimeout()));
        if (settings.openAiApiKey() != null) {
            providers.put(OpenAiProvider.NAME, new OpenAiProvider(settings.openAiBaseUrl(), settings.openAiApiKey(),
                    transport, policy, settings.callTimeout()));
        }
        if (settings.anthropicApiKey() != null) {
            providers.put(AnthropicProvider.NAME, new AnthropicProvider(settings.anthropicBaseUrl(),
                    settings.anthropicApiKey(), transport, policy, settings.callTimeout()));
        }
        this.configured = Collections.unmodifiableMap(providers);
    }

    /** The providers these settings make usable, retrying as {@link RetryPolicy#DEFAULT} says. */
    public static Providers create(ProviderSettings settings) {
        return create(settings, RetryPolicy.DEFAULT);
    }

    /** The providers with another retry policy (tests: short waits). */
    static Providers create(ProviderSettings settings, RetryPolicy policy) {
        return new Providers(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(policy, "policy"));
    }

    /**
     * The provider of that name (any case, surrounding spaces ignored).
     *
     * @throws ProviderNotConfiguredException when the name is missing or unknown, or the provider lacks its API key;
     *                                        the message says what to set
     */
    public ModelProvider require(String name) {
        if (name == null || name.isBlank()) {
            throw new ProviderNotConfiguredException("no provider given: set provider in the card's model settings to "
                    + choices());
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        ModelProvider provider = configured.get(key);
        if (provider != null) {
            return provider;
        }
        String missing = switch (key) {
            case OpenAiProvider.NAME ->
                    "provider openai needs an API key: set OPENAI_API_KEY in the server's environment";
            case AnthropicProvider.NAME ->
                    "provider anthropic needs an API key: set ANTHROPIC_API_KEY in the server's environment";
            default -> "unknown provider '" + name.strip() + "': use " + choices();
        };
        throw new ProviderNotConfiguredException(missing);
    }

    /** The names usable now, sorted: echo and ollama always, openai and anthropic when their key is set. */
    public List<String> configured() {
        return List.copyOf(configured.keySet());
    }

    /** The settings these providers were made with. */
    public ProviderSettings settings() {
        return settings;
    }

    /** Aborts the HTTP requests under way and stops the shared threads; providers fail fast afterwards. */
    @Override
    public void close() {
        transport.close();
    }

    /** The usable names and the settings, without keys. */
    @Override
    public String toString() {
        return "Providers[configured=" + configured() + ", " + settings + "]";
    }

    private static String choices() {
        List<String> names = new ArrayList<>(NAMES);
        String last = names.remove(names.size() - 1);
        return String.join(", ", names) + " or " + last;
    }
}
