package dev.promptcards.loadtests.crdt;

import dev.promptcards.crdt.lib0.JsJson;
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
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "crdt");
    json.put("date", report.date().toString());
    json.put("elapsedSeconds", report.elapsedSeconds());
    Machine m = report.machine();
    json.put("machine", ordered(
        "cores", m.cores(), "cpu", m.cpu(), "os", m.os(), "jdk", m.jdk(), "gc", m.gc(),
        "maxHeapBytes", m.maxHeapBytes(), "loadAverageAtStart", m.loadAverage()));
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
      scenarios.put(r.scenario().key, ordered(
          "label", r.scenario().label,
          "unit", r.scenario().unit.json,
          "ours", r.oursMedian(),
          "reference", r.referenceMedian(),
          "ratio", r.ratio(),
          "oursSpread", r.oursSpread(),
          "referenceSpread", r.referenceSpread(),
          "noisy", r.noisy(),
          "oursRounds", r.ours(),
          "referenceRounds", r.reference()));
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
    json.put("checks", report.checks().stream()
        .map(c -> ordered("name", c.name(), "passed", c.passed(), "detail", c.detail()))
        .toList());
    json.put("passed", report.passed());
    return JsJson.stringify(json) + "\n";
  }

  /** A map of the given key, value pairs in their order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
