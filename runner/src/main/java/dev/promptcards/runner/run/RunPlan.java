package dev.promptcards.runner.run;

import dev.promptcards.card.schema.ModelSettings;
import java.util.List;
import java.util.Objects;

/**
 * What a run executes, fixed when it is queued and stored with it (so a run resumed after a restart, or
 * executed on another node, runs exactly what was asked on the revision that was current then).
 *
 * @param model the provider, model, temperature and most tokens
 * @param tests the tests, repetitions expanded, in the card's order
 */
public record RunPlan(ModelSettings model, List<PlannedTest> tests) {

    /** Copies the tests; the provider and model must be named. */
    public RunPlan {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(model.provider(), "provider");
        Objects.requireNonNull(model.model(), "model name");
        tests = List.copyOf(tests);
    }
}
