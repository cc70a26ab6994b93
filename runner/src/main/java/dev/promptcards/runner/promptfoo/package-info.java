/**
 * promptfoo configs in and out of a card: {@link dev.promptcards.runner.promptfoo.PromptfooExport} writes a
 * card's content as a promptfoo YAML config, {@link dev.promptcards.runner.promptfoo.PromptfooImport} reads
 * one (with its CSV tests) back into a card's content, keeping or refusing, never silently dropping, what
 * a card cannot hold. Pure: no files, no network.
 */
package dev.promptcards.runner.promptfoo;
