package dev.promptcards.loadtests.server;

import static dev.promptcards.loadtests.report.Json.ordered;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.loadtests.report.Json;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as JSON ({@code --json FILE}): {@code scenarios} maps each scenario's key
 * ({@code steady-50rooms}, {@code cross-node-25rooms}, {@code fanout-100clients}, {@code join-b4}, {@code idle},
 * {@code awareness}, {@code churn}, {@code held}) to its title, its {@code figures} (each
 * {@code {label, unit, ours, reference, ratio, ...}} as the CRDT report writes a scenario; ratio is
 * ours / reference, null when there is none) and the flags of each server.
 */
final class ServerReportJson {

    private ServerReportJson() {}

    static String render(ServerReport report) {
        Map<String, Object> json = Json.header("server", report.date(), report.elapsedSeconds(), report.machine());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("promptcards", report.promptcardsVersion());
        report.versions().forEach((side, v) -> versions.put(side.key, v));
        json.put("versions", versions);
        json.put("settings", report.settings());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (ServerReport.Section section : report.sections()) {
            Map<String, Object> figures = new LinkedHashMap<>();
            for (ScenarioResult r : section.results()) {
                figures.put(r.metric().key(), Json.result(r));
            }
            Map<String, Object> flags = new LinkedHashMap<>();
            section.flags().forEach((side, list) -> flags.put(side.key, list));
            scenarios.put(section.key(), ordered("title", section.title(), "figures", figures, "flags", flags));
        }
        json.put("scenarios", scenarios);
        json.put("checks", Json.checks(report.checks()));
        json.put("passed", report.passed());
        return JsJson.stringify(json) + "\n";
    }
}
