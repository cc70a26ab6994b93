package dev.promptcards.server.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies the value of a {@code serve} option that is not given on the command line from its
 * environment variable ({@link ServeCommand#ENVIRONMENT}). An empty variable counts as unset.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The value of the variable behind {@code option} (e.g. "--port"), or null when unset. */
    String valueOf(String option) {
        String variable = ServeCommand.ENVIRONMENT.get(option);
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option
                && argSpec.command().userObject() instanceof ServeCommand) {
            return valueOf(option.longestName());
        }
        return null;
    }
}
