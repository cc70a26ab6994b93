package dev.promptcards.loadtests.runner;

import dev.promptcards.crdt.lib0.JsJson;
import dev.promptcards.loadtests.server.ProcFs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code promptfoo eval -c promptfooconfig.yaml -j N --no-cache -o results.json}, as a user runs
 * it, measured from outside: the wall time from its start to its exit; its CPU time, every process of
 * it included, exactly (it runs under {@code sh}, which, once it has waited for promptfoo, reads its
 * own children's CPU, {@code cutime + cstime} of /proc/self/stat); its peak resident memory, sampled
 * every {@value #SAMPLE_MILLIS} ms (the largest of its processes' VmHWM and of their summed VmRSS).
 *
 * <p>It gets a home of its own ({@code PROMPTFOO_CONFIG_DIR}: its database of results starts empty),
 * no telemetry and no update check, a dummy {@code OPENAI_API_KEY}, and none of the caller's
 * {@code OPENAI_*} or {@code PROMPTFOO_*} variables.
 */
final class PromptfooEval {

    static final int SAMPLE_MILLIS = 50;
    /** promptfoo's exit code when the eval ran and some tests failed (PROMPTFOO_FAILED_TEST_EXIT_CODE). */
    static final int TESTS_FAILED = 100;
    static final String DUMMY_KEY = "sk-promptcards-bench-dummy";

    private static final String WRAPPER = "\"$@\"; code=$?; read -r stat < /proc/$$/stat;"
            + " printf '%s\\n' \"$stat\" > \"$PROMPTCARDS_BENCH_STAT\"; exit $code";

    /**
     * What one eval measured and reported.
     *
     * @param wallSeconds from its start to its exit
     * @param cpuSeconds its processes' CPU time, user and system
     * @param peakRssBytes its peak resident memory
     * @param outcomes its stats (successes, failures, errors, token usage)
     * @param log its output
     */
    record Result(double wallSeconds, double cpuSeconds, double peakRssBytes, RunMeasure.Outcomes outcomes, Path log) {}

    private PromptfooEval() {}

    /**
     * Runs promptfoo once on a configuration and waits for it to end (at most 30 minutes).
     *
     * @param promptfooDir the folder whose node_modules holds promptfoo
     * @param config the configuration file (its folder is the working directory)
     * @param workDir where its home, its output and its log go
     * @param name the run's name, for the files
     * @param concurrency {@code -j}
     * @throws IOException when it could not run, or exited otherwise than 0 or {@value #TESTS_FAILED}
     */
    static Result run(Path promptfooDir, Path config, Path workDir, String name, int concurrency) throws IOException {
        Path bin = promptfooDir.resolve("node_modules/.bin/promptfoo").toAbsolutePath();
        Path output = workDir.resolve(name + "-results.json").toAbsolutePath();
        Path stat = workDir.resolve(name + ".stat").toAbsolutePath();
        Path log = workDir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of("sh", "-c", WRAPPER, "sh", bin.toString(),
                "eval", "-c", config.toAbsolutePath().toString(), "-j", String.valueOf(concurrency), "--no-cache",
                "-o", output.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(config.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("PROMPTFOO_"));
        env.put("OPENAI_API_KEY", DUMMY_KEY);
        env.put("PROMPTFOO_CONFIG_DIR", workDir.resolve(name + "-home").toAbsolutePath().toString());
        env.put("PROMPTFOO_DISABLE_TELEMETRY", "1");
        env.put("PROMPTFOO_DISABLE_UPDATE", "1");
        env.put("NO_COLOR", "1");
        env.put("PROMPTCARDS_BENCH_STAT", stat.toString());
        long started = System.nanoTime();
        Process shell = builder.start();
        double peak = 0;
        int code;
        try {
            while (!shell.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, memory(shell.pid()));
            }
            code = shell.exitValue();
        } catch (InterruptedException e) {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while promptfoo ran", e);
        }
        double wall = (System.nanoTime() - started) / 1e9;
        if (code != 0 && code != TESTS_FAILED) {
            throw new IOException("promptfoo eval exited with " + code + "; its output (" + log + "):\n" + tail(log));
        }
        double cpu = childrenCpuSeconds(stat);
        return new Result(wall, cpu, peak, outcomes(output, log), log);
    }

    /** The version of the promptfoo installed in {@code promptfooDir}. */
    static String version(Path promptfooDir) throws IOException {
        Map<?, ?> pkg = (Map<?, ?>) JsJson.parse(Files.readString(
                promptfooDir.resolve("node_modules/promptfoo/package.json"), StandardCharsets.UTF_8));
        return String.valueOf(pkg.get("version"));
    }

    /** The largest of the VmHWM of the shell's descendants and of their summed VmRSS, now. */
    private static double memory(long shellPid) {
        double sum = 0;
        double largestPeak = 0;
        List<Long> pending = new ArrayList<>(ProcFs.children(shellPid));
        while (!pending.isEmpty()) {
            long pid = pending.removeLast();
            double rss = ProcFs.rssBytes(pid);
            double hwm = ProcFs.peakRssBytes(pid);
            sum += Double.isNaN(rss) ? 0 : rss;
            largestPeak = Double.isNaN(hwm) ? largestPeak : Math.max(largestPeak, hwm);
            pending.addAll(ProcFs.children(pid));
        }
        return Math.max(sum, largestPeak);
    }

    /** cutime + cstime of the shell's own stat line, in seconds. */
    private static double childrenCpuSeconds(Path stat) throws IOException {
        String line = Files.readString(stat, StandardCharsets.US_ASCII).trim();
        // after "(comm)": [0] state ... [11] utime [12] stime [13] cutime [14] cstime (proc(5) fields 3, 14-17)
        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / (double) ProcFs.TICKS_PER_SECOND;
    }

    private static RunMeasure.Outcomes outcomes(Path output, Path log) throws IOException {
        if (!Files.isRegularFile(output)) {
            throw new IOException("promptfoo wrote no " + output + "; its output (" + log + "):\n" + tail(log));
        }
        Map<?, ?> results = (Map<?, ?>) ((Map<?, ?>) JsJson.parse(Files.readString(output, StandardCharsets.UTF_8)))
                .get("results");
        Map<?, ?> stats = (Map<?, ?>) results.get("stats");
        Map<?, ?> usage = (Map<?, ?>) stats.get("tokenUsage");
        return new RunMeasure.Outcomes(whole(stats.get("successes")), whole(stats.get("failures")),
                whole(stats.get("errors")), whole(usage.get("prompt")), whole(usage.get("completion")));
    }

    private static long whole(Object number) {
        return number instanceof Number n ? n.longValue() : -1;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
