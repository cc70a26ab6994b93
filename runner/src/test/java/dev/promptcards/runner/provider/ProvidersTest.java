package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.prompt.RenderedPrompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    private static final String OPENAI_KEY = "sk-proj-abcdef0123456789";
    private static final String ANTHROPIC_KEY = "sk-ant-api03-abcdef0123456789";

    private static ProviderSettings withKeys() {
        return ProviderSettings.defaults()
                .withOpenAi(ProviderSettings.DEFAULT_OPENAI_BASE_URL, OPENAI_KEY)
                .withAnthropic(ProviderSettings.DEFAULT_ANTHROPIC_BASE_URL, ANTHROPIC_KEY);
    }

    @Test
    void without_keys_echo_and_ollama_are_usable() {
        try (Providers providers = Providers.create(ProviderSettings.defaults())) {
            assertEquals(List.of("echo", "ollama"), providers.configured());
            assertInstanceOf(EchoProvider.class, providers.require("echo"));
            assertInstanceOf(OllamaProvider.class, providers.require("ollama"));
        }
    }

    @Test
    void with_keys_every_provider_is_usable_by_its_name_in_any_case() {
        try (Providers providers = Providers.create(withKeys())) {
            assertEquals(List.of("anthropic", "echo", "ollama", "openai"), providers.configured());
            assertInstanceOf(OpenAiProvider.class, providers.require(" OpenAI "));
            assertInstanceOf(AnthropicProvider.class, providers.require("anthropic"));
            for (String name : providers.configured()) {
                assertEquals(name, providers.require(name).name());
            }
            assertSame(providers.require("openai"), providers.require("openai"));
        }
    }

    @Test
    void a_provider_without_its_key_is_refused_saying_which_variable_to_set() {
        try (Providers providers = Providers.create(ProviderSettings.defaults())) {
            assertEquals("provider openai needs an API key: set OPENAI_API_KEY in the server's environment",
                    assertThrows(ProviderNotConfiguredException.class, () -> providers.require("openai"))
                            .getMessage());
            assertEquals("provider anthropic needs an API key: set ANTHROPIC_API_KEY in the server's environment",
                    assertThrows(ProviderNotConfiguredException.class, () -> providers.require("Anthropic"))
                            .getMessage());
        }
    }

    @Test
    void an_unknown_or_missing_name_is_refused_listing_the_names() {
        try (Providers providers = Providers.create(withKeys())) {
            assertEquals("unknown provider 'foo': use openai, anthropic, ollama or echo",
                    assertThrows(ProviderNotConfiguredException.class, () -> providers.require(" foo"))
                            .getMessage());
            assertEquals("no provider given: set provider in the card's model settings to openai, anthropic, "
                    + "ollama or echo",
                    assertThrows(ProviderNotConfiguredException.class, () -> providers.require(null)).getMessage());
            assertThrows(ProviderNotConfiguredException.class, () -> providers.require(""));
        }
    }

    @Test
    void the_settings_are_kept_and_no_key_shows_in_any_description() {
        ProviderSettings settings = withKeys();
        try (Providers providers = Providers.create(settings)) {
            assertSame(settings, providers.settings());
            for (String description : List.of(providers.toString(), providers.require("openai").toString(),
                    providers.require("anthropic").toString(), settings.toString())) {
                assertFalse(description.contains(OPENAI_KEY), description);
                assertFalse(description.contains(ANTHROPIC_KEY), description);
            }
            assertEquals("OpenAiProvider[https://api.openai.com/v1]", providers.require("openai").toString());
        }
    }

    @Test
    void after_close_a_call_fails_at_once_saying_the_providers_are_closed() {
        Providers providers = Providers.create(ProviderSettings.defaults());
        ModelProvider ollama = providers.require("ollama");
        providers.close();
        RecordingListener listener = new RecordingListener();

        ollama.stream(new RenderedPrompt("", "hello"), new ModelSettings("ollama", "llama3.2", null, null), listener);

        assertEquals("ollama cannot be called: the providers are closed (the server is shutting down)",
                listener.awaitError().getMessage());
    }
}
