package dev.promptcards.runner.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {

    private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    private static final PriceTable SHIPPED = PriceTable.shipped();

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private PriceFileException malformed(String text) throws IOException {
        Path file = file(text);
        return assertThrows(PriceFileException.class, () -> PriceTable.withOverride(file));
    }

    @Test
    void a_call_costs_its_tokens_at_the_models_list_price() {
        // gpt-4o: $2.50 in, $10 out per million tokens
        assertEquals(0.0075, SHIPPED.costUsd("openai", "gpt-4o", NOW, 1000, 500));
        assertEquals(0.00018, SHIPPED.costUsd("openai", "gpt-4o-mini", NOW, 1000, 50));
        assertEquals(0.0105, SHIPPED.costUsd("anthropic", "claude-sonnet-4-20250514", NOW, 1000, 500));
        assertEquals(2.0 + 8.0, SHIPPED.costUsd("openai", "gpt-4.1", NOW, 1_000_000, 1_000_000));
        assertEquals(0.0, SHIPPED.costUsd("openai", "gpt-4.1-nano", NOW, 0, 0));
    }

    @Test
    void the_price_in_effect_at_the_calls_instant_applies() {
        // gpt-4o pointed at the $5/$15 snapshot until 2024-10-02
        assertEquals(0.0125, SHIPPED.costUsd("openai", "gpt-4o", Instant.parse("2024-09-01T00:00:00Z"), 1000, 500));
        assertEquals(0.0125, SHIPPED.costUsd("openai", "gpt-4o", Instant.parse("2024-10-01T23:59:59Z"), 1000, 500));
        assertEquals(0.0075, SHIPPED.costUsd("openai", "gpt-4o", Instant.parse("2024-10-02T00:00:00Z"), 1000, 500));
        // o3: $10/$40, then $2/$8 from 2025-06-10
        assertEquals(50.0, SHIPPED.costUsd("openai", "o3", Instant.parse("2025-05-01T00:00:00Z"), 1_000_000, 1_000_000));
        assertEquals(10.0, SHIPPED.costUsd("openai", "o3", Instant.parse("2025-06-10T00:00:00Z"), 1_000_000, 1_000_000));
    }

    @Test
    void before_a_models_first_price_its_cost_is_unknown() {
        assertNull(SHIPPED.costUsd("openai", "gpt-4.1", Instant.parse("2025-04-13T23:59:59Z"), 10, 10));
    }

    @Test
    void an_unknown_model_or_provider_has_no_cost_never_0() {
        assertNull(SHIPPED.costUsd("openai", "gpt-17-ultra", NOW, 1000, 500));
        assertNull(SHIPPED.costUsd("mistral", "mistral-large", NOW, 1000, 500));
        assertNull(SHIPPED.costUsd("openai", null, NOW, 1000, 500));
        assertNull(SHIPPED.costUsd(null, "gpt-4o", NOW, 1000, 500));
        assertNull(SHIPPED.priceAt("anthropic", "claude-9", NOW));
    }

    @Test
    void echo_and_local_ollama_models_cost_0() {
        assertEquals(0.0, SHIPPED.costUsd("echo", "echo", NOW, 123, 456));
        assertEquals(0.0, SHIPPED.costUsd("echo", "anything", NOW, 1, 1));
        assertEquals(0.0, SHIPPED.costUsd("ollama", "llama3.2:3b", NOW, 5000, 5000));
    }

    @Test
    void the_provider_name_is_read_in_any_case() {
        assertEquals(0.0075, SHIPPED.costUsd("OpenAI", "gpt-4o", NOW, 1000, 500));
    }

    @Test
    void the_price_row_in_effect_is_given() {
        assertEquals(new Price("anthropic", "claude-3-5-haiku-20241022", Instant.parse("2024-11-04T00:00:00Z"),
                new BigDecimal("0.80"), new BigDecimal("4.00")),
                SHIPPED.priceAt("anthropic", "claude-3-5-haiku-20241022", NOW));
    }

    @Test
    void negative_token_counts_are_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SHIPPED.costUsd("openai", "gpt-4o", NOW, -1, 0));
        assertEquals("token counts are at least 0: -1 in, 0 out", e.getMessage());
    }

    @Test
    void the_operators_rows_replace_the_shipped_rows_of_the_models_they_name() throws IOException {
        PriceTable table = PriceTable.withOverride(file("""
                # our negotiated prices
                provider,model,effective_from,usd_per_million_in,usd_per_million_out
                openai,gpt-4o,2020-01-01,1.00,4.00
                ollama,llama3.2:3b,2025-01-01T09:30:00Z,0.10,0.20
                mistral,mistral-large,2025-01-01,2,6
                """));
        // every shipped gpt-4o row is replaced, the 2024 ones included
        assertEquals(0.003, table.costUsd("openai", "gpt-4o", Instant.parse("2024-09-01T00:00:00Z"), 1000, 500));
        assertEquals(0.003, table.costUsd("openai", "gpt-4o", NOW, 1000, 500));
        assertEquals(0.0075, table.costUsd("openai", "gpt-4o-2024-08-06", NOW, 1000, 500));
        assertEquals(0.3, table.costUsd("ollama", "llama3.2:3b", NOW, 1_000_000, 1_000_000));
        assertEquals(0.0, table.costUsd("ollama", "llama3.2:3b", Instant.parse("2025-01-01T09:29:59Z"), 1000, 1000));
        assertEquals(0.0, table.costUsd("ollama", "qwen3", NOW, 1000, 1000));
        assertEquals(8.0, table.costUsd("mistral", "mistral-large", NOW, 1_000_000, 1_000_000));
    }

    @Test
    void an_empty_override_changes_nothing() throws IOException {
        PriceTable table = PriceTable.withOverride(file("# nothing yet\n\n"));
        assertEquals(0.0075, table.costUsd("openai", "gpt-4o", NOW, 1000, 500));
    }

    @Test
    void a_byte_order_mark_and_spaces_around_fields_are_tolerated() throws IOException {
        PriceTable table = PriceTable.withOverride(file("\uFEFFacme , model-x , 2025-01-01 , 1 , 2 \n"));
        assertEquals(3.0, table.costUsd("acme", "model-x", NOW, 1_000_000, 1_000_000));
    }

    @Test
    void a_malformed_line_is_named_with_what_is_wrong_and_what_a_row_looks_like() throws IOException {
        PriceFileException e = malformed("# header comment\nopenai,gpt-4o,2024-10-02,2.50,10.00\nopenai,gpt-4o,2.50,10.00\n");
        assertEquals(dir.resolve("prices.csv") + " line 3: expected 5 fields (provider,model,effective_from,"
                + "usd_per_million_in,usd_per_million_out), found 4. A row is provider,model,effective_from,"
                + "usd_per_million_in,usd_per_million_out, e.g. openai,gpt-4o,2024-10-02,2.50,10.00", e.getMessage());
    }

    @Test
    void each_kind_of_bad_field_says_what_is_wrong() throws IOException {
        String file = dir.resolve("prices.csv").toString();
        assertEquals(file + " line 1: effective_from \"2024-13-01\" is neither a date (2024-10-02) nor an ISO-8601 "
                + "instant (2024-10-02T17:00:00Z)", prefix(malformed("openai,gpt-4o,2024-13-01,1,2")));
        assertEquals(file + " line 1: usd_per_million_in \"two\" is not a number of US dollars (2.50)",
                prefix(malformed("openai,gpt-4o,2024-10-02,two,2")));
        assertEquals(file + " line 2: usd_per_million_out -2 is negative: a price is at least 0",
                prefix(malformed("\nopenai,gpt-4o,2024-10-02,1,-2")));
        assertEquals(file + " line 1: the provider is empty", prefix(malformed(" ,gpt-4o,2024-10-02,1,2")));
        assertEquals(file + " line 1: the model is empty (\"*\" stands for every model of the provider)",
                prefix(malformed("openai,,2024-10-02,1,2")));
    }

    @Test
    void a_second_row_for_the_same_model_and_date_is_refused_naming_both_lines() throws IOException {
        assertEquals(dir.resolve("prices.csv") + " line 3: a second price for openai gpt-4o from 2024-10-02T00:00:00Z "
                + "(the first is on line 1): keep one of them",
                prefix(malformed("openai,gpt-4o,2024-10-02,1,2\nopenai,gpt-4o-mini,2024-10-02,1,2\nOpenAI,gpt-4o,2024-10-02,3,4")));
    }

    @Test
    void a_missing_or_unreadable_file_is_named() throws IOException {
        Path missing = dir.resolve("nope.csv");
        PriceFileException e = assertThrows(PriceFileException.class, () -> PriceTable.withOverride(missing));
        assertEquals("price file " + missing + " does not exist: give the path of an existing file", e.getMessage());
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', ',', (byte) 0xE9, ',', '2', '0', '2', '5', '\n'});
        e = assertThrows(PriceFileException.class, () -> PriceTable.withOverride(latin1));
        assertEquals("price file " + latin1 + " is not UTF-8 text: save it as UTF-8", e.getMessage());
    }

    /** The message up to the reminder of the row's form, which every line error ends with. */
    private static String prefix(PriceFileException e) {
        String message = e.getMessage();
        int reminder = message.indexOf(". A row is ");
        return reminder < 0 ? message : message.substring(0, reminder);
    }
}
