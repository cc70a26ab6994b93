package dev.promptcards.server.app;

import dev.promptcards.card.CardKey;
import dev.promptcards.card.schema.Run;
import dev.promptcards.runner.run.CancelOutcome;
import dev.promptcards.runner.run.QueuedRun;
import dev.promptcards.runner.run.RunRequest;
import dev.promptcards.runner.run.RunService;
import java.util.List;
import java.util.Optional;

/**
 * The run service of {@link RunServiceFactory#WITHOUT_RUNNER}, a process built without the runner's executor: every call is refused with
 * {@link UnsupportedOperationException}, which the API answers 501 with this message.
 */
final class RunsNotWired implements RunService {

    static final String MESSAGE = "test runs are not available on this server: it was started without the run"
            + " executor (AppConfig.runServices is RunServiceFactory.WITHOUT_RUNNER); start it with one to run cards";

    @Override
    public QueuedRun start(CardKey card, RunRequest request, String by) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public List<Run> list(CardKey card, int limit) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public Optional<Run> get(CardKey card, String runId) {
        throw new UnsupportedOperationException(MESSAGE);
    }

    @Override
    public CancelOutcome cancel(CardKey card, String runId) {
        throw new UnsupportedOperationException(MESSAGE);
    }
}
