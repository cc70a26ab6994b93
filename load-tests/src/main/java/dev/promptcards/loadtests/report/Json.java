package dev.promptcards.loadtests.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers the JSON reports share (rendered with the crdt module's {@code JsJson}). */
public final class Json {

    private Json() {}

    /** A map of the given key, value pairs in their order. */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The first fields of every report: which benchmark, when, how long it took, on what machine. */
    public static Map<String, Object> header(String benchmark, Instant date, double elapsedSeconds, Machine machine) {
        return ordered("benchmark", benchmark, "date", date.toString(), "elapsedSeconds", elapsedSeconds,
                "machine", machine(machine));
    }

    /** The machine as the reports write it. */
    public static Map<String, Object> machine(Machine m) {
        return ordered(
                "cores", m.cores(), "cpu", m.cpu(), "os", m.os(), "jdk", m.jdk(), "gc", m.gc(),
                "maxHeapBytes", m.maxHeapBytes(), "loadAverageAtStart", m.loadAverage());
    }

    /** The checks as the reports write them: name, passed, detail. */
    public static List<Map<String, Object>> checks(List<Check> checks) {
        return checks.stream()
                .map(c -> ordered("name", c.name(), "passed", c.passed(), "detail", c.detail()))
                .toList();
    }

    /**
     * A result as the reports write it: {@code label, unit, ours, reference, ratio} (medians, ratio
     * ours / reference, null when there is none), then the spread and every round of each side.
     */
    public static Map<String, Object> result(ScenarioResult r) {
        Map<String, Object> json = ordered(
                "label", r.metric().label(),
                "unit", r.metric().unit().json,
                "ours", r.oursMedian(),
                "reference", r.referenceMedian(),
                "ratio", r.ratio());
        if (r.metric().higherIsBetter()) {
            json.put("higherIsBetter", true);
        }
        json.put("oursSpread", r.oursSpread());
        json.put("referenceSpread", r.referenceSpread());
        json.put("noisy", r.noisy());
        json.put("oursRounds", r.ours());
        json.put("referenceRounds", r.reference());
        return json;
    }
}
