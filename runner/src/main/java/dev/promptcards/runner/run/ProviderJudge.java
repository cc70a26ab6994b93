package dev.promptcards.runner.run;

import dev.promptcards.card.schema.ModelSettings;
import dev.promptcards.runner.assertion.Judge;
import dev.promptcards.runner.prompt.RenderedPrompt;
import dev.promptcards.runner.provider.CompletionHandle;
import dev.promptcards.runner.provider.ModelProvider;
import dev.promptcards.runner.provider.StreamListener;
import dev.promptcards.runner.provider.Usage;
import java.util.concurrent.CompletableFuture;
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
        StringBuilder answer = new StringBuilder();
        CompletableFuture<Usage> done = new CompletableFuture<>();
        CompletionHandle handle = provider.stream(new RenderedPrompt(system == null ? "" : system, user), model,
                new StreamListener() {
                    @Override
                    public void onToken(String token) {
                        synchronized (answer) {
                            answer.append(token);
                        }
                    }

                    @Override
                    public void onComplete(Usage usage) {
                        done.complete(usage);
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });
        try {
            done.get();
        } catch (InterruptedException e) {
            handle.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        synchronized (answer) {
            return answer.toString();
        }
    }
}
