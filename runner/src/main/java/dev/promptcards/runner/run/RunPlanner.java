package dev.promptcards.runner.run;

import dev.promptcards.card.schema.CardContent;
import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.card.schema.TestCase;
import dev.promptcards.runner.prompt.CardPrompt;
import dev.promptcards.runner.prompt.MissingVariableException;
import dev.promptcards.runner.provider.EchoProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a run request and the card as it is now into the {@link RunPlan} to queue: the provider and model
 * (the request's, else the card's), the tests asked for (all by default) with their prompts rendered, each
 * repeated as asked. A request that cannot run is refused with {@link InvalidRunRequestException} saying
 * what to change.
 */
final class RunPlanner {

    /** The most repetitions of a test in one run (the API refuses more). */
    static final int MAX_REPEAT = 100;

    /** The model the echo provider answers as when the card names none. */
    static final String ECHO_MODEL = "echo";

    private RunPlanner() {
    }

    static RunPlan plan(CardContent card, RunRequest request) {
        ModelSettings cardModel = card.model() == null ? new ModelSettings(null, null, null, null) : card.model();
        String provider = firstNonBlank(request.provider(), cardModel.provider());
        if (provider == null) {
            throw new InvalidRunRequestException("the card names no provider: set the card's provider (openai, "
                    + "anthropic, ollama or echo) or give \"provider\" in the request");
        }
        String model = firstNonBlank(request.model(), cardModel.model());
        if (model == null) {
            if (!EchoProvider.NAME.equals(provider)) {
                throw new InvalidRunRequestException("the card names no model for provider " + provider
                        + ": set the card's model or give \"model\" in the request");
            }
            model = ECHO_MODEL;
        }
        int repeat = request.repeat() == null ? 1 : request.repeat();
        if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new InvalidRunRequestException("repeat must be between 1 and " + MAX_REPEAT + ", not " + repeat);
        }
        List<TestCase> tests = chosenTests(card.tests(), request.tests());
        CardPrompt prompt = CardPrompt.of(card);
        List<PlannedTest> planned = new ArrayList<>(tests.size() * repeat);
        for (TestCase test : tests) {
            for (int k = 1; k <= repeat; k++) {
                String key = repeat == 1 ? test.id() : test.id() + "#" + k;
                planned.add(plan(prompt, test, key));
            }
        }
        return new RunPlan(new ModelSettings(provider, model, cardModel.temperature(), cardModel.maxTokens()),
                planned);
    }

    private static PlannedTest plan(CardPrompt prompt, TestCase test, String key) {
        Map<String, String> vars = test.vars() == null ? Map.of() : test.vars();
        try {
            return new PlannedTest(key, test.id(), test.name(), prompt.render(vars), null, vars,
                    test.assertions(), test.threshold());
        } catch (MissingVariableException e) {
            return new PlannedTest(key, test.id(), test.name(), null, e.getMessage(), vars, test.assertions(),
                    test.threshold());
        }
    }

    private static List<TestCase> chosenTests(List<TestCase> tests, List<String> ids) {
        if (tests.isEmpty()) {
            throw new InvalidRunRequestException("the card has no test cases: add one before running it");
        }
        if (ids == null) {
            return tests;
        }
        if (ids.isEmpty()) {
            throw new InvalidRunRequestException("\"tests\" is empty: leave it out to run every test case");
        }
        Set<String> known = new HashSet<>();
        tests.forEach(test -> known.add(test.id()));
        Set<String> wanted = new LinkedHashSet<>(ids);
        for (String id : wanted) {
            if (!known.contains(id)) {
                throw new InvalidRunRequestException("the card has no test case with id \"" + id + "\"");
            }
        }
        return tests.stream().filter(test -> wanted.contains(test.id())).toList();
    }

    private static String firstNonBlank(String first, String second) {
        if (first != null && !first.isBlank()) {
            return first.trim();
        }
        return second != null && !second.isBlank() ? second.trim() : null;
    }
}
