package dev.promptcards.server.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The output of a process (stdout with stderr merged), collected line by line on a thread of its own. */
public final class ProcessOutput {

    private final StringBuffer text = new StringBuffer();
    private final Thread reader;

    private ProcessOutput(Process process, String threadName) {
        this.reader = Thread.ofPlatform().daemon().name(threadName).start(() -> read(process));
    }

    /**
     * Starts collecting.
     *
     * @param process    the process, its error stream redirected to its output
     * @param threadName the reading thread's name
     * @return the output, growing until the process closes it
     */
    public static ProcessOutput of(Process process, String threadName) {
        return new ProcessOutput(process, threadName);
    }

    /** What was read so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    /** Waits up to {@code timeout} for the process to close its output. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout);
    }

    private void read(Process process) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                text.append(line).append('\n');
            }
        } catch (IOException e) {
            text.append("(reading the output failed: ").append(e).append(")\n");
        }
    }
}
