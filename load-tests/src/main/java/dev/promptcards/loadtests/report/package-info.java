/**
 * What the benchmarks' reports share: the machine they ran on, a figure ({@link
 * dev.promptcards.loadtests.report.Metric}, its {@link dev.promptcards.loadtests.report.Unit}),
 * its rounds for us and for the reference with medians, ratio and spread ({@link
 * dev.promptcards.loadtests.report.ScenarioResult}), the checks, and the JSON they write.
 */
package dev.promptcards.loadtests.report;
