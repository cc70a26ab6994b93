package dev.promptcards.loadtests.crdt;

import dev.promptcards.crdt.lib0.JsJson;
import static dev.promptcards.loadtests.report.Json.ordered;

import dev.promptcards.loadtests.report.Json;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as JSON ({@code --json FILE}): {@code scenarios} maps each scenario's key
 * ({@code local}, {@code remote}, {@code encode}, {@code parse}, {@code memory}, {@code state}) to
 * {@code {unit, ours, reference, ratio, ...}} with the medians; ratio is ours / reference.
 */
final class ReportJson {

    private ReportJson() {}

    static String render(CrdtReport report) {
        Map<String, Object> json = Json.header("crdt", report.date(), report.elapsedSeconds(), report.machine());
        YjsProcess.Versions ref = report.reference();
        json.put("versions", ordered(
                "promptcards", report.promptcardsVersion(), "jdk", Runtime.version().toString(),
                "node", ref.node(), "yjs", ref.yjs(), "lib0", ref.lib0()));
        json.put("trace", ordered("file", report.trace(), "edits", report.edits(), "traceEdits", report.traceEdits()));
        json.put("rounds", ordered(
                "warmup", report.warmupRounds(), "measured", report.rounds(),
                "minRepeatMillis", report.roundSettings().minRepeatMillis(),
                "memoryCopies", report.roundSettings().memoryCopies()));

        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (ScenarioResult r : report.results()) {
            scenarios.put(r.metric().key(), Json.result(r));
        }
        StateComparison state = report.state();
        scenarios.put("state", ordered(
                "label", "encoded state",
                "unit", "bytes",
                "ours", state.oursLength(),
                "reference", state.referenceLength(),
                "ratio", (double) state.oursLength() / state.referenceLength(),
                "identical", state.identical(),
                "firstDifference", state.firstDifference()));
        json.put("scenarios", scenarios);
        json.put("checks", Json.checks(report.checks()));
        json.put("passed", report.passed());
        return JsJson.stringify(json) + "\n";
    }
}
