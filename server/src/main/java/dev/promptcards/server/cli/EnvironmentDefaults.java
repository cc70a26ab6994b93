package dev.promptcards.server.cli;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The one place that says which environment variable sets an option of {@code serve}, and the
 * provider that reads it: {@code PROMPTCARDS_} and the option's long name in capitals, dashes as
 * underscores ({@code --max-card-bytes}: {@code PROMPTCARDS_MAX_CARD_BYTES}), unless the option's
 * {@link Env#variable()} names another. picocli asks for a value only when the flag is absent, so a
 * flag wins over its variable. An empty variable counts as unset. The help and the README's table
 * ({@link OptionDocs}) name the variables through {@link #variableOf(OptionSpec)} too.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    /** What every derived variable starts with. */
    static final String PREFIX = "PROMPTCARDS_";

    private final Map<String, String> env;
    /** The options whose value of the last parse came from their variable. */
    private final Set<ArgSpec> supplied = Collections.newSetFromMap(new IdentityHashMap<>());

    EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The variable of {@code option}, or null for --help and --version, which have none. */
    static String variableOf(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return null;
        }
        Env declared = annotation(option);
        if (declared != null && !declared.variable().isEmpty()) {
            return declared.variable();
        }
        return PREFIX + option.longestName().replaceFirst("^-+", "").replace('-', '_')
                .toUpperCase(Locale.ROOT);
    }

    /** The {@link Env} of the option's field, or null. */
    static Env annotation(OptionSpec option) {
        return option.userObject() instanceof Field field ? field.getAnnotation(Env.class) : null;
    }

    /** The value of the variable of {@code option}, or null when it has none or it is unset. */
    String valueOf(OptionSpec option) {
        String variable = variableOf(option);
        String value = variable == null ? null : env.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * " (from PROMPTCARDS_PORT)" when the last parse took {@code value} of {@code option} from its
     * variable, else "": error messages name where a wrong value came from.
     */
    String origin(OptionSpec option, String value) {
        boolean fromVariable = supplied.contains(option)
                && (value == null || value.equals(valueOf(option)));
        return fromVariable ? " (from " + variableOf(option) + ")" : "";
    }

    /**
     * Only the options of {@code serve} are read from the environment, and not when its help or
     * version is asked for (a wrong variable must not hide the help that explains it).
     */
    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)
                || !(argSpec.command().userObject() instanceof ServeCommand)
                || helpRequested(argSpec.command())) {
            return null;
        }
        String value = valueOf(option);
        if (value == null) {
            supplied.remove(option);
        } else {
            supplied.add(option);
        }
        return value;
    }

    /** picocli sets the flags of the command line before it asks for the values of the others. */
    private static boolean helpRequested(CommandSpec command) {
        return command.options().stream()
                .anyMatch(o -> (o.usageHelp() || o.versionHelp()) && Boolean.TRUE.equals(o.getValue()));
    }
}
