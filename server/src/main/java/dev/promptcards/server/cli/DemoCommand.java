package dev.promptcards.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code promptcards demo}: runs {@link CrdtDemo} in this process and exits (no server). */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Show the CRDT core at work, in this process (no server, no network): two replicas of a"
                    + " prompt card are edited at the same time, exchange Yjs updates and converge.",
            "Exits with 0 when they converged."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        return new CrdtDemo(spec.commandLine().getOut()).run() ? 0 : 1;
    }
}
