package dev.promptcards.runner.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    @Test
    void the_defaults_are_the_public_apis_no_keys_a_minute_and_four_at_a_time() {
        ProviderSettings defaults = ProviderSettings.defaults();

        assertEquals(URI.create("https://api.openai.com/v1"), defaults.openAiBaseUrl());
        assertEquals(URI.create("https://api.anthropic.com/v1"), defaults.anthropicBaseUrl());
        assertEquals(URI.create("http://127.0.0.1:11434"), defaults.ollamaBaseUrl());
        assertNull(defaults.openAiApiKey());
        assertNull(defaults.anthropicApiKey());
        assertEquals(Duration.ofSeconds(60), defaults.callTimeout());
        assertEquals(4, defaults.concurrency());
    }

    @Test
    void to_string_says_whether_a_key_is_set_never_what_it_is() {
        ProviderSettings settings = ProviderSettings.defaults()
                .withOpenAi(URI.create("http://127.0.0.1:8000/v1"), "sk-secret-openai")
                .withAnthropic(URI.create("https://api.anthropic.com/v1"), "sk-ant-secret");

        assertEquals("ProviderSettings[openAiBaseUrl=http://127.0.0.1:8000/v1, openAiApiKey=(set), "
                + "anthropicBaseUrl=https://api.anthropic.com/v1, anthropicApiKey=(set), "
                + "ollamaBaseUrl=http://127.0.0.1:11434, callTimeout=PT1M, concurrency=4]", settings.toString());
        assertEquals("ProviderSettings[openAiBaseUrl=https://api.openai.com/v1, openAiApiKey=(not set), "
                + "anthropicBaseUrl=https://api.anthropic.com/v1, anthropicApiKey=(not set), "
                + "ollamaBaseUrl=http://127.0.0.1:11434, callTimeout=PT1M, concurrency=4]",
                ProviderSettings.defaults().toString());
    }

    @Test
    void a_blank_key_is_no_key_and_a_key_is_trimmed() {
        ProviderSettings settings = ProviderSettings.defaults()
                .withOpenAi(ProviderSettings.DEFAULT_OPENAI_BASE_URL, "  ")
                .withAnthropic(ProviderSettings.DEFAULT_ANTHROPIC_BASE_URL, " sk-ant \n");

        assertNull(settings.openAiApiKey());
        assertEquals("sk-ant", settings.anthropicApiKey());
    }

    @Test
    void the_with_methods_change_one_thing_each() {
        ProviderSettings settings = ProviderSettings.defaults()
                .withOllama(URI.create("http://gpu-box:11434"))
                .withCallTimeout(Duration.ofSeconds(5))
                .withConcurrency(8);

        assertEquals(URI.create("http://gpu-box:11434"), settings.ollamaBaseUrl());
        assertEquals(Duration.ofSeconds(5), settings.callTimeout());
        assertEquals(8, settings.concurrency());
        assertEquals(ProviderSettings.DEFAULT_OPENAI_BASE_URL, settings.openAiBaseUrl());
    }

    @Test
    void bad_values_are_refused_with_what_is_wrong() {
        ProviderSettings defaults = ProviderSettings.defaults();

        IllegalArgumentException notHttp = assertThrows(IllegalArgumentException.class,
                () -> defaults.withOllama(URI.create("ftp://127.0.0.1:11434")));
        assertEquals("ollamaBaseUrl must be an http or https URL with a host: ftp://127.0.0.1:11434",
                notHttp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> defaults.withOpenAi(URI.create("/v1"), "k"));
        assertEquals("callTimeout must be positive: PT0S",
                assertThrows(IllegalArgumentException.class, () -> defaults.withCallTimeout(Duration.ZERO))
                        .getMessage());
        assertEquals("concurrency must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> defaults.withConcurrency(0)).getMessage());
    }
}
