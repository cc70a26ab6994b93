package dev.promptcards.loadtests.runner;

import static dev.promptcards.loadtests.report.Json.ordered;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.loadtests.report.Json;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as JSON ({@code --json FILE}): {@code runs} maps {@code first} and {@code second} to
 * its title, its {@code figures} (each {@code {label, unit, ours, reference, ratio, ...}} as the other
 * benchmarks write them, the reference being promptfoo; ratio is ours / promptfoo's, null when there
 * is none) and the goal ({@code cpuPerTestRatio}, {@code goalMet}: at most 1/3).
 */
final class RunnerReportJson {

    private RunnerReportJson() {}

    static String render(RunnerReport report) {
        Map<String, Object> json = Json.header("runner", report.date(), report.elapsedSeconds(), report.machine());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("promptcards", report.promptcardsVersion());
        versions.putAll(report.versions());
        json.put("versions", versions);
        json.put("settings", report.settings());
        Map<String, Object> runs = new LinkedHashMap<>();
        for (RunnerReport.Section section : report.sections()) {
            Map<String, Object> figures = new LinkedHashMap<>();
            for (ScenarioResult r : section.results()) {
                figures.put(r.metric().key(), Json.result(r));
            }
            double ratio = section.cpuPerTestRatio();
            runs.put(section.key(), ordered("title", section.title(), "figures", figures,
                    "cpuPerTestRatio", Double.isNaN(ratio) ? null : ratio,
                    "goalCpuPerTestRatio", RunnerReport.GOAL_CPU_PER_TEST_RATIO,
                    "goalMet", Double.isNaN(ratio) ? null : section.goalMet()));
        }
        json.put("runs", runs);
        json.put("checks", Json.checks(report.checks()));
        json.put("passed", report.passed());
        return JsJson.stringify(json) + "\n";
    }
}
