/**
 * The runner benchmark: one card of test cases run by our server and by promptfoo's CLI against the
 * same local OpenAI stub ({@code dev.promptcards.stubs.OpenAiStub}, in the bench JVM), with the same
 * concurrency, one side after the other.
 *
 * <p>{@link dev.promptcards.loadtests.runner.BenchCard} generates the card; {@link
 * dev.promptcards.loadtests.runner.PromptfooConfig} writes it as promptfoo's configuration, {@link
 * dev.promptcards.loadtests.runner.CardWatcher} into our server's card as a connected y-websocket
 * client. {@link dev.promptcards.loadtests.runner.OurRun} starts and follows a run through our HTTP
 * API ({@link dev.promptcards.loadtests.runner.RunsApi}) on {@link
 * dev.promptcards.loadtests.runner.OurServer}; {@link dev.promptcards.loadtests.runner.PromptfooEval}
 * runs {@code promptfoo eval}. CPU and memory come from /proc, the processes' children (our
 * PostgreSQL, whatever promptfoo starts) included.
 */
package dev.promptcards.loadtests.runner;
