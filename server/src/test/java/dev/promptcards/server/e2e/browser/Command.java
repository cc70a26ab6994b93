package dev.promptcards.server.e2e.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end, its output (stdout and stderr) kept in a log file. */
public record Command(List<String> command, Path directory, Map<String, String> env) {

    /** The exit code (-1 when it was killed after the timeout) and everything it printed. */
    public record Result(int exitCode, String output) {}

    /** Runs it and waits up to {@code timeout}; then kills it with its child processes. */
    public Result run(Path log, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Result(-1, command + " did not finish within " + timeout + ":\n"
                    + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
