package dev.promptcards.server.app;

import dev.promptcards.runner.run.RunService;

/**
 * Builds the run service the HTTP API calls, once the parts it needs exist (the rooms' card editor, the
 * database). {@link PromptcardsApp} calls it after the rooms and before the API; a service that is also
 * {@link AutoCloseable} is closed right after the API, before the rooms.
 *
 * <p>{@code serve} passes the runner's executor here ({@code RunningServer.appConfig}); tests pass one of
 * their own.
 */
@FunctionalInterface
public interface RunServiceFactory {

    /**
     * No runner: every call of its service is refused, and the API answers 501 saying so. What a process gets
     * until the runner's executor is passed instead.
     */
    RunServiceFactory WITHOUT_RUNNER = parts -> new RunsNotWired();

    /**
     * Starts the run service.
     *
     * @param parts what it may use
     * @return the service
     */
    RunService start(RunServiceParts parts);
}
