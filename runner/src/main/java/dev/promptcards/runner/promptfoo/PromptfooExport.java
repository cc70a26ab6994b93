package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.TestCase;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A card's content as a promptfoo config (promptfoo site/docs/configuration/reference.md), as YAML text.
 *
 * <ul>
 *   <li>{@code description}: the title, and the card's description after a blank line when it has one.
 *   <li>{@code prompts}: one prompt (see {@link PromptfooPrompts}): the template, or with a system prompt a
 *       chat of a system and a user message. The card's {@code {{var}}} is Nunjucks as promptfoo reads it.
 *   <li>{@code providers}: the card's model (see {@link PromptfooProviders}), its temperature and maximum
 *       of tokens in the provider's {@code config}; left out when the card names no provider.
 *   <li>{@code defaultTest}: what two or more tests share (see {@link PromptfooDefaultTest}); left out when
 *       nothing.
 *   <li>{@code tests}: each test's {@code description} (its name), {@code vars}, {@code assert} (type,
 *       value, threshold, weight, as the card holds them, {@code not-} types included) and
 *       {@code threshold}; {@code metadata} holds the card's test id ({@code testId}) and expected output
 *       ({@code expected}), which promptfoo does not grade but keeps, so that an import gets them back.
 * </ul>
 *
 * <p>The text is deterministic: fields in this order, maps in the card's order.
 */
public final class PromptfooExport {

    /** The metadata key of a test's id in the card. */
    static final String TEST_ID = "testId";
    /** The metadata key of a test's expected output. */
    static final String EXPECTED = "expected";

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private PromptfooExport() {
    }

    /** The card's content as a promptfoo config in YAML. */
    public static String toYaml(CardContent card) {
        try {
            return YAML.writeValueAsString(config(card));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain maps, lists and scalars always write
        }
    }

    /** The config as plain maps, lists and scalars, in the order written. */
    static Map<String, Object> config(CardContent card) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("description", description(card));
        config.put("prompts", List.of(PromptfooPrompts.write(card.system(), card.template())));
        String provider = PromptfooProviders.id(card.model());
        if (provider != null) {
            Map<String, Object> settings = PromptfooProviders.config(card.model());
            if (settings.isEmpty()) {
                config.put("providers", List.of(provider));
            } else {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", provider);
                entry.put("config", settings);
                config.put("providers", List.of(entry));
            }
        }
        List<TestCase> tests = card.tests() == null ? List.of() : card.tests();
        PromptfooDefaultTest.Shared shared = PromptfooDefaultTest.shared(tests);
        if (!shared.isEmpty()) {
            config.put("defaultTest", test(new TestCase(null, null, shared.vars(), null, shared.assertions(),
                    shared.threshold())));
        }
        if (!tests.isEmpty()) {
            config.put("tests", tests.stream().map(t -> test(PromptfooDefaultTest.without(shared, t))).toList());
        }
        return config;
    }

    private static String description(CardContent card) {
        String title = card.title() == null ? "" : card.title();
        String description = card.description() == null ? "" : card.description();
        return description.isEmpty() ? title : title + "\n\n" + description;
    }

    private static Map<String, Object> test(TestCase test) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (test.name() != null && !test.name().isEmpty()) {
            out.put("description", test.name());
        }
        if (test.vars() != null && !test.vars().isEmpty()) {
            out.put("vars", new LinkedHashMap<>(test.vars()));
        }
        if (test.assertions() != null && !test.assertions().isEmpty()) {
            out.put("assert", test.assertions().stream().map(PromptfooExport::assertion).toList());
        }
        if (test.threshold() != null) {
            out.put("threshold", YamlNumbers.plain(test.threshold()));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (test.id() != null && !test.id().isEmpty()) {
            metadata.put(TEST_ID, test.id());
        }
        if (test.expected() != null && !test.expected().isEmpty()) {
            metadata.put(EXPECTED, test.expected());
        }
        if (!metadata.isEmpty()) {
            out.put("metadata", metadata);
        }
        return out;
    }

    private static Map<String, Object> assertion(Assertion assertion) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", assertion.type());
        if (assertion.value() != null) {
            out.put("value", assertion.value());
        }
        if (assertion.threshold() != null) {
            out.put("threshold", YamlNumbers.plain(assertion.threshold()));
        }
        if (assertion.weight() != null) {
            out.put("weight", YamlNumbers.plain(assertion.weight()));
        }
        return out;
    }
}
