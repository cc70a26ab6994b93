/**
 * Rendering a card's prompts for one test case: {@link dev.promptcards.runner.prompt.PromptTemplate}
 * (a prompt parsed once into literal text and {@code {{variable}}} references),
 * {@link dev.promptcards.runner.prompt.CardPrompt} (the system prompt and the user template together),
 * {@link dev.promptcards.runner.prompt.RenderedPrompt} (what a provider is sent) and
 * {@link dev.promptcards.runner.prompt.MissingVariableException} (a test case that lacks a value: that
 * test is an error, with no provider call).
 */
package dev.promptcards.runner.prompt;
