package dev.promptcards.loadtests;

import dev.promptcards.loadtests.crdt.CrdtBenchCommand;
import dev.promptcards.loadtests.runner.RunnerBenchCommand;
import dev.promptcards.loadtests.server.ServerBenchCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code main} of {@code promptcards-bench.jar}: {@code bench crdt ...}, {@code bench server ...}
 * and {@code bench runner ...} (run by {@code ./promptcards bench crdt ...} and so on),
 * {@code bench help}.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = BenchCommand.Version.class,
        description = "Benchmarks of promptcards against the reference implementations, in one run.",
        subcommands = {CrdtBenchCommand.class, ServerBenchCommand.class, RunnerBenchCommand.class, HelpCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    /** No subcommand given: show what there is and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /** The version written into the executable jar's manifest by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"promptcards-bench " + projectVersion()};
        }
    }

    /** The project version from the jar's manifest, or "(development build)" outside the jar. */
    public static String projectVersion() {
        String version = BenchCommand.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
