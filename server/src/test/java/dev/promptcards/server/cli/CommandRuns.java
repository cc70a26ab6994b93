package dev.promptcards.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Runs the command line in the test's JVM, with an environment of the test's choosing. */
final class CommandRuns {

    private CommandRuns() {
    }

    /** What a run printed and returned. */
    record Run(int exitCode, String out, String err) {}

    /** Executes {@code args} as {@code promptcards} would with {@code env} as its environment. */
    static Run run(Map<String, String> env, String... args) {
        CommandLine commandLine = PromptcardsCommand.newCommandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The spec of {@code serve}, as {@code promptcards} builds it. */
    static CommandSpec serveSpec() {
        return PromptcardsCommand.newCommandLine(Map.of()).getSubcommands().get("serve").getCommandSpec();
    }

    /** Each option of {@code serve} ("--port") and its environment variable, in the order of the help. */
    static Map<String, String> serveVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        for (OptionSpec option : serveSpec().options()) {
            String variable = EnvironmentDefaults.variableOf(option);
            if (variable != null) {
                variables.put(option.longestName(), variable);
            }
        }
        return variables;
    }

    /** The checked settings {@code serve} would start with for {@code args} (which start with "serve"). */
    static ServeSettings settings(Map<String, String> env, String... args) {
        CommandLine commandLine = PromptcardsCommand.newCommandLine(env);
        CommandLine.ParseResult parsed = commandLine.parseArgs(args);
        ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
        return serve.settings();
    }
}
