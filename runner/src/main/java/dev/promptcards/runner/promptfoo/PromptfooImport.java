package dev.promptcards.runner.promptfoo;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A promptfoo config (YAML, promptfoo site/docs/configuration/reference.md), with its CSV tests, as a
 * card's content. Either everything is imported, with notes on what was kept in another form, or nothing,
 * with a {@link PromptfooImportException} naming each field refused. Nothing is silently dropped.
 *
 * <p>Kept:
 * <ul>
 *   <li>{@code description}: its first line is the title, the rest (after blank lines) the card's
 *       description.
 *   <li>{@code prompts}: one prompt, a text or {@code {raw}} / {@code {id}} map, plain text or a JSON chat
 *       of an optional first {@code system} message and one {@code user} message; absent, promptfoo's
 *       default {@code {{prompt}}} (noted). A {@code label} is noted as not kept.
 *   <li>{@code providers}: the first, as {@code openai:chat:M} or {@code openai:M}, {@code anthropic:messages:M},
 *       {@code ollama:chat:M} ({@code ollama:M} and {@code ollama:completion:M} are kept as chat, noted), or
 *       {@code echo}, as a text or an {@code {id, config, label}} map; {@code config.temperature} and
 *       {@code config.max_tokens} ({@code num_predict} for Ollama). Further providers are noted as not kept.
 *   <li>{@code tests}: {@code description} (the test's name), {@code vars} (numbers and booleans as their
 *       text, noted), {@code assert}, {@code threshold}; {@code metadata.testId} and
 *       {@code metadata.expected} (as {@link PromptfooExport} writes them); other metadata noted as not kept.
 *       A test's id is its {@code metadata.testId} when that is new in the card, else a new one.
 *   <li>Assertions of a type the runner grades ({@link dev.promptcards.runner.assertion.Assertions}, with
 *       {@code not-}): {@code type}, {@code value} (text, number, list or map), {@code threshold},
 *       {@code weight}; {@code metric} noted as not kept.
 *   <li>{@code defaultTest} ({@code vars}, {@code assert}, {@code threshold}) is merged into every test as
 *       promptfoo merges it (see {@link PromptfooDefaultTest}); with no tests it is the one test promptfoo
 *       runs.
 *   <li>CSV tests given beside the config when its {@code tests} is a {@code file://....csv} or absent (see
 *       {@link PromptfooCsvTests}).
 *   <li>{@code outputPath}, {@code sharing}, {@code tags}, {@code writeLatestResults} are noted as not kept.
 * </ul>
 *
 * <p>Refused: other top-level fields ({@code scenarios}, {@code env}, {@code nunjucksFilters}, ...),
 * several prompts, {@code file://} anywhere (prompts, tests, vars, values: nothing is read from disk),
 * prompts with Nunjucks beyond {@code {{name}}}, chats with assistant turns, providers the card does not run
 * on and provider config other than temperature and maximum of tokens, assertion types the runner does not
 * grade ({@code javascript}, {@code python}, {@code factuality}, ...), assertion fields such as
 * {@code transform}, {@code provider} or {@code rubricPrompt}, test {@code options}, list variables.
 */
public final class PromptfooImport {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Set<String> TOP_LEVEL = Set.of("description", "prompts", "providers", "tests",
            "defaultTest");
    private static final Set<String> NOT_KEPT = Set.of("outputPath", "sharing", "tags", "writeLatestResults");

    private PromptfooImport() {
    }

    /** Imports a config whose tests are inline. */
    public static PromptfooImportResult fromYaml(String yaml) {
        return fromYaml(yaml, null, () -> UUID.randomUUID().toString());
    }

    /** Imports a config with the text of its CSV tests file; {@code csvTests} may be null. */
    public static PromptfooImportResult fromYaml(String yaml, String csvTests) {
        return fromYaml(yaml, csvTests, () -> UUID.randomUUID().toString());
    }

    /**
     * Imports a config.
     *
     * @param yaml      the config
     * @param csvTests  the text of the CSV file its {@code tests} names, or its tests when it has none; null
     *                  when there is none
     * @param newTestId makes the id of a test that brings none
     * @throws PromptfooImportException for broken YAML or CSV, with line and column, or for refused fields
     */
    public static PromptfooImportResult fromYaml(String yaml, String csvTests, Supplier<String> newTestId) {
        JsonNode root = parse(yaml);
        ImportLog log = new ImportLog();
        if (!(root instanceof ObjectNode config)) {
            throw PromptfooImportException.refused(List.of("the config must be a YAML map (description, prompts,"
                    + " providers, tests ...)"));
        }
        config.properties().forEach(e -> {
            if (NOT_KEPT.contains(e.getKey())) {
                log.note(e.getKey(), "not kept: a card has no place for it (it does not change what is run or"
                        + " graded)");
            } else if (!TOP_LEVEL.contains(e.getKey())) {
                log.refuse(e.getKey(), "not supported");
            }
        });
        PromptfooTestReader reader = new PromptfooTestReader(log);
        String description = reader.text(config.get("description"), "description");
        String[] prompt = prompt(config.get("prompts"), log);
        ModelSettings model = model(config.get("providers"), log, reader);
        PromptfooDefaultTest.Shared shared = config.hasNonNull("defaultTest")
                ? reader.defaultTest(config.get("defaultTest"))
                : new PromptfooDefaultTest.Shared(Map.of(), List.of(), null);
        List<TestCase> tests = tests(config.get("tests"), csvTests, log, reader);
        if (tests.isEmpty() && config.hasNonNull("defaultTest")) {
            tests = List.of(new TestCase(null, "", Map.of(), "", List.of(), null));
        }
        if (!log.problems.isEmpty()) {
            throw PromptfooImportException.refused(log.problems);
        }
        Set<String> ids = new HashSet<>();
        List<TestCase> merged = new ArrayList<>();
        for (TestCase test : tests) {
            String id = test.id() != null && !test.id().isBlank() && ids.add(test.id()) ? test.id() : newId(newTestId,
                    ids);
            TestCase withId = new TestCase(id, test.name(), test.vars(), test.expected(), test.assertions(),
                    test.threshold());
            merged.add(PromptfooDefaultTest.merge(shared, withId));
        }
        String[] titled = title(description);
        return new PromptfooImportResult(new CardContent(titled[0], titled[1], prompt[0], prompt[1], model,
                List.copyOf(merged)), log.notes);
    }

    private static String newId(Supplier<String> newTestId, Set<String> ids) {
        String id = newTestId.get();
        ids.add(id);
        return id;
    }

    private static JsonNode parse(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            return root == null || root.isMissingNode() ? null : root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? -1 : at.getLineNr();
            int column = at == null ? -1 : at.getColumnNr();
            throw PromptfooImportException.syntax("YAML", line, column, problem(e.getOriginalMessage()));
        }
    }

    /**
     * SnakeYAML's message without its quoted source lines: they repeat positions (of the context, not
     * always of the problem) that the exception's line and column already give.
     */
    private static String problem(String message) {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .reduce((a, b) -> a + "; " + b).orElse(message);
    }

    private static String[] title(String description) {
        if (description == null) {
            return new String[] {"", ""};
        }
        int newline = description.indexOf('\n');
        if (newline < 0) {
            return new String[] {description, ""};
        }
        return new String[] {description.substring(0, newline), description.substring(newline + 1)
                .replaceFirst("^\\n+", "")};
    }

    private static String[] prompt(JsonNode prompts, ImportLog log) {
        if (prompts == null || prompts.isNull()) {
            log.note("prompts", "absent: kept as promptfoo's default prompt {{prompt}}");
            return new String[] {"", "{{prompt}}"};
        }
        JsonNode prompt = prompts;
        String path = "prompts";
        if (prompts.isArray()) {
            if (prompts.size() != 1) {
                log.refuse(path, prompts.size() + " prompts given; a card holds one prompt");
                return new String[] {"", ""};
            }
            prompt = prompts.get(0);
            path = "prompts[0]";
        } else if (prompts.isObject() && !prompts.has("raw") && !prompts.has("id")) {
            log.refuse(path, "a map of prompts is not supported; give one prompt");
            return new String[] {"", ""};
        }
        String text;
        if (prompt.isTextual()) {
            text = prompt.asText();
        } else if (prompt.isObject()) {
            String field = prompt.has("raw") ? "raw" : "id";
            for (var e : prompt.properties()) {
                if (e.getKey().equals("label")) {
                    log.note(path + ".label", "not kept: a card's prompt has no label");
                } else if (!e.getKey().equals(field)) {
                    log.refuse(path + "." + e.getKey(), "not supported");
                }
            }
            if (!prompt.path(field).isTextual()) {
                log.refuse(path + "." + field, "must be a text");
                return new String[] {"", ""};
            }
            text = prompt.get(field).asText();
            path = path + "." + field;
        } else {
            log.refuse(path, "must be a text");
            return new String[] {"", ""};
        }
        try {
            return PromptfooPrompts.read(text, path);
        } catch (IllegalArgumentException e) {
            log.problems.add(e.getMessage());
            return new String[] {"", ""};
        }
    }

    private static ModelSettings model(JsonNode providers, ImportLog log, PromptfooTestReader reader) {
        if (providers == null || providers.isNull()) {
            return null;
        }
        JsonNode provider = providers;
        String path = "providers";
        if (providers.isArray()) {
            if (providers.isEmpty()) {
                return null;
            }
            provider = providers.get(0);
            path = "providers[0]";
            for (int i = 1; i < providers.size(); i++) {
                log.note("providers[" + i + "]", "not kept: a card runs on one model, the first provider's");
            }
        }
        return PromptfooProviderReader.read(provider, path, log, reader);
    }

    private static List<TestCase> tests(JsonNode tests, String csv, ImportLog log, PromptfooTestReader reader) {
        List<TestCase> out = new ArrayList<>();
        if (tests == null || tests.isNull()) {
            if (csv != null) {
                out.addAll(PromptfooCsvTests.read(csv, log, reader));
            }
            return out;
        }
        if (tests.isTextual()) {
            String file = tests.asText();
            if (!file.startsWith("file://") || !file.toLowerCase().endsWith(".csv")) {
                log.refuse("tests", file + " cannot be read here; put the tests inline or send the CSV's text");
            } else if (csv == null) {
                log.refuse("tests", file + " cannot be read here; send the CSV's text with the config");
            } else {
                out.addAll(PromptfooCsvTests.read(csv, log, reader));
            }
            return out;
        }
        if (!tests.isArray()) {
            log.refuse("tests", "must be a list of test cases");
            return out;
        }
        if (csv != null) {
            log.refuse("tests", "the config has its own tests; CSV tests are read only for a file://....csv or"
                    + " no tests");
        }
        for (int i = 0; i < tests.size(); i++) {
            String path = "tests[" + i + "]";
            TestCase test = reader.test(tests.get(i), path, j -> path + ".assert[" + j + "]");
            if (test != null) {
                out.add(test);
            }
        }
        return out;
    }
}
