package dev.promptcards.runner.run;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.assertion.Judge;
import dev.promptcards.runner.prompt.RenderedPrompt;
import dev.promptcards.runner.provider.CompletionHandle;
import dev.promptcards.runner.provider.ModelProvider;
import java.util.concurrent.ExecutionException;

/**
 * The llm-rubric judge of a run: the run's own provider and model, asked for the whole answer at once
 * (promptfoo grades with a configured provider too; ours is the one the card runs on). The provider's own
 * per-call timeout bounds the wait.
 */
final class ProviderJudge implements Judge {

    private final ModelProvider provider;
    private final ModelSettings model;

    ProviderJudge(ModelProvider provider, ModelSettings model) {
        this.provider = provider;
        this.model = model;
    }

    @Override
    public String complete(String system, String user) throws Exception {
        CollectedCompletion answer = new CollectedCompletion(piece -> { });
        CompletionHandle handle = provider.stream(new RenderedPrompt(system == null ? "" : system, user), model,
                answer);
        try {
            answer.done().get();
        } catch (InterruptedException e) {
            handle.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return answer.output();
    }
}
