package dev.promptcards.server.e2e.persistence;

import dev.promptcards.server.e2e.NodeTests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario of server/src/test/js (persistence/, or a browser one) run by Node as a child process,
 * driven step by step over its standard streams (the protocol of persistence/lib/driver.mjs): the script
 * prints {@code @step JSON} when a step is done, the test answers with commands such as
 * {@code restarted URL} once it killed, restarted or inspected the server. {@link #close()} kills
 * Node if it still runs.
 */
public final class NodeScript implements AutoCloseable {

    /** A step the script reported: its name and JSON. */
    record Step(String name, String json) {}

    private static final Step EXITED = new Step("(exited)", "");

    private final String script;
    private final Process node;
    private final Writer commands;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    private final Thread reader;

    private NodeScript(String script, Process node) {
        this.script = script;
        this.node = node;
        this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        this.reader = Thread.ofPlatform().daemon().name("node-" + script).start(this::readOutput);
    }

    /**
     * Starts {@code node persistence/SCRIPT} in server/src/test/js with {@code env} added to the
     * environment.
     */
    static NodeScript start(String script, Map<String, String> env) {
        return startFile("persistence/" + script, env);
    }

    /**
     * Starts {@code node SCRIPT} in server/src/test/js ({@code script} relative to it, e.g.
     * {@code browser/dev-restart.mjs}) with {@code env} added to the environment.
     */
    public static NodeScript startFile(String script, Map<String, String> env) {
        Path dir = NodeTests.directory();
        if (!Files.isDirectory(dir.resolve("node_modules/y-websocket"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: the Maven build installs it"
                    + " (build-tools/npm-ci.sh, phase generate-test-resources); or run `npm ci` in " + dir + ".");
        }
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().putAll(env);
        try {
            return new NodeScript(script, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("@")) {
                    int space = line.indexOf(' ');
                    steps.add(space < 0 ? new Step(line.substring(1), "")
                            : new Step(line.substring(1, space), line.substring(space + 1)));
                }
            }
        } catch (IOException e) {
            output.append("(reading the output failed: ").append(e).append(")\n");
        } finally {
            steps.add(EXITED);
        }
    }

    /**
     * Waits up to {@code timeout} for the script to report {@code step} (the steps before it are
     * skipped); fails with the script's output if it reports nothing, exits or times out first.
     *
     * @return the step's JSON
     */
    public String await(String step, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (true) {
            Step next = steps.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError(script + " did not report @" + step + " within " + timeout
                        + " (reported: " + seen + "); its output:\n" + output());
            }
            if (next == EXITED) {
                steps.add(EXITED);
                reader.join(Duration.ofSeconds(5));
                throw new AssertionError(script + " exited (" + exitValueOrRunning()
                        + ") before it reported @" + step + " (reported: " + seen + "); its output:\n"
                        + output());
            }
            if (next.name().equals(step)) {
                return next.json();
            }
            seen.add(next.name());
        }
    }

    /** The number under {@code "key"} in a step's JSON (the first one, at any depth). */
    static long number(String json, String key) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(key) + "\":(-?\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no number \"" + key + "\" in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Sends one command line to the script. */
    public void send(String command) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send \"" + command + "\" to " + script
                    + "; its output:\n" + output(), e);
        }
    }

    /** Waits up to {@code timeout} for Node to exit and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(script + " did not exit within " + timeout + "; its output:\n"
                    + output());
        }
        reader.join(Duration.ofSeconds(5));
        return node.exitValue();
    }

    private String exitValueOrRunning() {
        try {
            return node.waitFor(5, TimeUnit.SECONDS) ? "exit code " + node.exitValue() : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Everything it printed so far (stdout and stderr). */
    public String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (node.isAlive()) {
            node.destroyForcibly();
        }
    }
}
