package dev.promptcards.server.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a wrong flag or setting as one clear line and a hint, instead of the whole usage help
 * (which would hide the message); an unknown option with the options it may have meant ({@link
 * OptionSuggestions}). A value its converter refused reads "Invalid value for --port
 * (from PROMPTCARDS_PORT): ...", naming the variable when the value came from one.
 */
final class ShortErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine commandLine = ex.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String unknownOption = unknownOption(ex);
        boolean suggested;
        if (unknownOption != null) {
            // only the option: a value after it ("--prot 9000") is unmatched too, but it is not the mistake
            err.println(commandLine.getColorScheme().errorText("Error: Unknown option: '" + unknownOption + "'"));
            List<String> suggestions = OptionSuggestions.of(commandLine.getCommandSpec(), unknownOption);
            suggested = !suggestions.isEmpty();
            if (suggested) {
                err.println("Did you mean" + (suggestions.size() == 1 ? ": " : " one of: ")
                        + String.join(", ", suggestions) + "?");
            }
        } else {
            err.println(commandLine.getColorScheme().errorText("Error: " + message(ex)));
            suggested = UnmatchedArgumentException.printSuggestions(ex, err);
        }
        if (!suggested) {
            err.println(
                    "Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The first unmatched argument when it is an option ("--prot"), else null. */
    private static String unknownOption(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().getFirst();
            return first.startsWith("-") && first.length() > 1 ? first : null;
        }
        return null;
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
