package dev.promptcards.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a wrong flag or setting as one clear line and a hint, instead of the whole usage help
 * (which would hide the message). A value its converter refused reads "Invalid value for --port
 * (from PROMPTCARDS_PORT): ...", naming the variable when the value came from one.
 */
final class ShortErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("Error: " + message(ex)));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println(
                    "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static String message(ParameterException ex) {
        if (ex.getCause() instanceof TypeConversionException refused
                && ex.getArgSpec() instanceof OptionSpec option) {
            String origin = ex.getCommandLine().getDefaultValueProvider() instanceof EnvironmentDefaults env
                    ? env.origin(option, ex.getValue())
                    : "";
            return "Invalid value for " + option.longestName() + origin + ": " + refused.getMessage();
        }
        return ex.getMessage();
    }
}
