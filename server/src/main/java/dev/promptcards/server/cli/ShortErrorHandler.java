package dev.promptcards.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a wrong flag or setting as one clear line and a hint, instead of the whole usage help
 * (which would hide the message).
 */
final class ShortErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText("Error: " + ex.getMessage()));
        if (!UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println(
                    "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }
}
