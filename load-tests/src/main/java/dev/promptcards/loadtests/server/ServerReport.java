package dev.promptcards.loadtests.server;

import dev.promptcards.loadtests.report.Check;
import dev.promptcards.loadtests.report.Machine;
import dev.promptcards.loadtests.report.ScenarioResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run of the server benchmark: where and how it ran, each scenario's figures for
 * both servers and the checks. {@link ServerReportTable} and {@link ServerReportJson} render it.
 *
 * @param date when the run started
 * @param elapsedSeconds how long it took, servers' starts included
 * @param machine the machine and the generator's JVM
 * @param promptcardsVersion our version
 * @param versions what each server ran (server, runtime, libraries)
 * @param settings the settings, as the JSON writes them
 * @param sections one per scenario and size, in the order they ran, then the highest load held
 * @param checks what must hold: the lowest steady load delivered in full, the B4 card's exact text
 */
record ServerReport(
        Instant date,
        double elapsedSeconds,
        Machine machine,
        String promptcardsVersion,
        Map<Side, Map<String, String>> versions,
        Map<String, Object> settings,
        List<Section> sections,
        List<Check> checks) {

    /**
     * One scenario at one size.
     *
     * @param key its key in the JSON report
     * @param title what ran
     * @param results its figures, ours and the reference's
     * @param flags what each server's run was flagged with (generator-bound, errors, ...)
     */
    record Section(String key, String title, List<ScenarioResult> results, Map<Side, List<String>> flags) {}

    ServerReport {
        sections = List.copyOf(sections);
        checks = List.copyOf(checks);
    }

    boolean passed() {
        return Check.allPassed(checks);
    }
}
