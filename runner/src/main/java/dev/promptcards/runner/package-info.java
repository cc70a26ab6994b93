/**
 * Runner: test runs of a prompt card.
 *
 * <p>Will own template rendering of the card's {@code {{variables}}}, the LLM calls through LangChain4j,
 * the assertions, token counts and cost, the concurrency of a run, and streaming the results into the
 * card's document (its {@code runs} map) as they arrive (ARCHITECTURE.md, "Where the coming features
 * plug in").
 *
 * <p>What exists so far:
 * <ul>
 *   <li>{@code runner.prompt}: a card's system prompt and template rendered for one test case, a
 *       missing variable named ({@code CardPrompt}, {@code PromptTemplate}, {@code RenderedPrompt},
 *       {@code MissingVariableException});</li>
 *   <li>{@code runner.provider}: the streaming interface of the model providers ({@code ModelProvider},
 *       {@code StreamListener}, {@code CompletionHandle}, {@code Usage}) and the offline
 *       {@code EchoProvider};</li>
 *   <li>{@code runner.assertion}: promptfoo's assertions with its {@code not-} inversion, weights and
 *       test threshold ({@code Assertions.evaluate}, {@code Assertions.grade}), the model-graded
 *       {@code llm-rubric} and {@code similar} through the context's {@code Graders};</li>
 *   <li>{@code runner.pricing}: what a call costs ({@code PriceTable});</li>
 *   <li>{@code runner.promptfoo}: a card's content as a promptfoo YAML config and back, with CSV tests
 *       ({@code PromptfooExport.toYaml}, {@code PromptfooImport.fromYaml}).</li>
 * </ul>
 *
 * <p>Depends on {@code crdt} and {@code card} (the card schema: test cases, model settings, runs), and for
 * grading on LangChain4j's in-process all-MiniLM-L6-v2 and networknt's JSON Schema validator.
 * The run queue and the HTTP providers come with issue 13's later pieces.
 */
package dev.promptcards.runner;
