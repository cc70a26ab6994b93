package dev.promptcards.loadtests.runner;

import dev.promptcards.card.schema.Assertion;
import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The card both sides run: a support-triage prompt whose user message is a JSON object filled from
 * four variables, and {@code tests} test cases with four assertions each that promptfoo and our
 * runner grade alike without a model (contains, icontains, regex, is-json); every tenth case has a
 * fifth, {@code not-icontains} of its own customer's name, which fails. The local OpenAI stub answers
 * the user message back, so the outcome of every case is known: {@link #expectedFailures()} fail, the
 * others pass.
 *
 * <p>The variables hold lowercase words, digits and spaces only, so that the template renders to the
 * same text under promptfoo's Nunjucks and our {@code {{var}}} rendering, and stays valid JSON inside
 * promptfoo's chat prompt file.
 *
 * @param content the card: texts, model settings and test cases
 * @param expectedFailures how many of its cases fail
 */
record BenchCard(CardContent content, int expectedFailures) {

    /** The model both sides name; the stub answers any. */
    static final String MODEL = "gpt-4o-mini";
    static final double TEMPERATURE = 0;
    static final long MAX_TOKENS = 512;
    static final String SYSTEM = "You triage customer support tickets. Answer with one JSON object with the"
            + " fields ticket, product, customer and text, copied from the ticket.";
    /** {@code {{var}}} and {@code {{ var }}} both: the two spellings both renderers take. */
    static final String TEMPLATE =
            "{\"ticket\": \"{{id}}\", \"product\": \"{{ product }}\", \"customer\": \"{{customer}}\", \"text\": \"{{ text }}\"}";

    private static final String[] PRODUCTS = {
        "printer", "router", "laptop", "monitor", "keyboard", "scanner", "headset", "docking station"};
    private static final String[] CUSTOMERS = {
        "ada lovelace", "alan turing", "grace hopper", "edsger dijkstra", "barbara liskov", "donald knuth",
        "margaret hamilton", "ken thompson", "frances allen", "john backus"};
    private static final String[] WORDS = (
            "the device stopped working after the last update and now shows an error when it starts it was fine"
                    + " yesterday but this morning nothing happens except a blinking light we tried to restart it"
                    + " twice and unplugged every cable please tell us what to do next because the whole team"
                    + " depends on it for the release on friday and our manager asked for a replacement quickly")
            .split(" ");

    /**
     * The card with {@code tests} cases, each ticket text {@code textWords} words long (the stub's
     * answer is about that many tokens longer than the text: its chunks are words).
     */
    static BenchCard generate(int tests, int textWords) {
        if (tests < 1) {
            throw new IllegalArgumentException("--tests must be at least 1, not " + tests);
        }
        if (textWords < 1) {
            throw new IllegalArgumentException("--text-words must be at least 1, not " + textWords);
        }
        Random random = new Random(13); // the number: the same card in every run
        List<TestCase> cases = new ArrayList<>();
        int failures = 0;
        for (int i = 1; i <= tests; i++) {
            String id = String.format(Locale.ROOT, "T%04d", i);
            String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            String customer = CUSTOMERS[random.nextInt(CUSTOMERS.length)];
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < textWords; w++) {
                text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("id", id);
            vars.put("product", product);
            vars.put("customer", customer);
            vars.put("text", text.toString());
            List<Assertion> assertions = new ArrayList<>(List.of(
                    new Assertion("contains", "\"ticket\": \"" + id + "\"", null, null),
                    new Assertion("icontains", product.toUpperCase(Locale.ROOT), null, null),
                    new Assertion("regex", "^\\{\"ticket\": \"T\\d{4}\", \"product\": \"[a-z ]+\"", null, null),
                    new Assertion("is-json", null, null, null)));
            if (i % 10 == 0) {
                assertions.add(new Assertion("not-icontains", customer.toUpperCase(Locale.ROOT), null, null));
                failures++;
            }
            cases.add(new TestCase("test-" + id, "ticket " + id + " (" + product + ")", vars, "", assertions, null));
        }
        CardContent content = new CardContent("bench runner: support triage",
                "The card of ./promptcards bench runner, run by promptcards and by promptfoo against the same stub.",
                SYSTEM, TEMPLATE, new ModelSettings("openai", MODEL, TEMPERATURE, MAX_TOKENS), cases);
        return new BenchCard(content, failures);
    }

    /** The number of test cases. */
    int tests() {
        return content.tests().size();
    }

    /** How many of its cases pass. */
    int expectedPasses() {
        return tests() - expectedFailures;
    }
}
