/**
 * What a test's call costs: {@link dev.promptcards.runner.pricing.PriceTable}, the providers' prices per
 * model with the dates they took effect, shipped as {@code prices.csv} and overridable by the operator's
 * file; an unknown model has no cost (null), the local providers (echo, ollama) cost 0.
 */
package dev.promptcards.runner.pricing;
