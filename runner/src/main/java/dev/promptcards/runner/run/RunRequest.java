package dev.promptcards.runner.run;

import java.util.List;

/**
 * What to run, as the API's body gives it; each field null when absent.
 *
 * @param provider the provider, else the card's
 * @param model    the model, else the card's
 * @param tests    the ids of the test cases to run, else all of them
 * @param repeat   how many times to run each test (at least 1), else once
 */
public record RunRequest(String provider, String model, List<String> tests, Integer repeat) {

    /** Every field absent: the card's provider and model, all tests, once. */
    public static final RunRequest DEFAULTS = new RunRequest(null, null, null, null);

    /** Copies the list of tests. */
    public RunRequest {
        tests = tests == null ? null : List.copyOf(tests);
    }
}
