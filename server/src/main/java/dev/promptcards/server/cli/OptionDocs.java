package dev.promptcards.server.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * What the help of {@code serve} and the README's table say of each option's environment variable
 * and default, both from the command's spec: the variable from {@link EnvironmentDefaults}, the
 * default from the option's field (or its {@link Env}), so neither can drift from the behaviour.
 */
final class OptionDocs {

    /** Why a secret is better given by its variable than by its flag. */
    static final String SECRET_REASON = "command lines are visible to other users";

    private OptionDocs() {}

    /**
     * "Env PROMPTCARDS_PORT; default 8080.", "Env PROMPTCARDS_DB_URL." or, for a secret, "Env
     * PROMPTCARDS_JWT_SECRET (prefer it: ...)."; null for an option without a variable.
     */
    static String environmentLine(OptionSpec option) {
        String variable = EnvironmentDefaults.variableOf(option);
        if (variable == null) {
            return null;
        }
        if (isSecret(option)) {
            return "Env " + variable + " (prefer it: " + SECRET_REASON + ").";
        }
        String defaultText = defaultText(option);
        return "Env " + variable + (defaultText == null ? "" : "; default " + defaultText) + ".";
    }

    /** The default as an operator would write it ("4MiB", "10s"), or null when there is none. */
    static String defaultText(OptionSpec option) {
        Env env = EnvironmentDefaults.annotation(option);
        if (env != null && env.secret()) {
            return null;
        }
        if (env != null && !env.defaultText().isEmpty()) {
            return env.defaultText();
        }
        Object initial = option.initialValue();
        return initial == null ? null : format(initial);
    }

    static boolean isSecret(OptionSpec option) {
        Env env = EnvironmentDefaults.annotation(option);
        return env != null && env.secret();
    }

    /** Makes the help of {@code serve} end each option's description with its {@link #environmentLine}. */
    static void install(CommandLine serve) {
        serve.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            List<OptionSpec> documented = help.commandSpec().options().stream()
                    .map(OptionDocs::withEnvironmentLine)
                    .toList();
            return help.optionListExcludingGroups(documented, help.createDefaultLayout(), null,
                    help.parameterLabelRenderer());
        });
    }

    /**
     * The README's table of the options of {@code serve}: flag, variable, default, description, one
     * row per option with a variable, in the order of the help.
     */
    static String markdownTable(CommandSpec serve) {
        List<String> rows = new ArrayList<>();
        rows.add("| flag | environment variable | default | what it sets |");
        rows.add("|---|---|---|---|");
        for (OptionSpec option : serve.options()) {
            String variable = EnvironmentDefaults.variableOf(option);
            if (variable == null || option.hidden()) {
                continue;
            }
            String description = String.join(" ", option.description())
                    + (isSecret(option) ? " A secret: prefer the variable, " + SECRET_REASON + "." : "");
            rows.add("| `" + option.longestName() + " " + option.paramLabel() + "` | `" + variable
                    + "` | " + defaultCell(option) + " | " + description.replace("|", "\\|") + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    /** A value in code style ("`4MiB`"), a default in words as it is, nothing when there is none. */
    private static String defaultCell(OptionSpec option) {
        String defaultText = defaultText(option);
        if (defaultText == null) {
            return "";
        }
        Env env = EnvironmentDefaults.annotation(option);
        return env != null && !env.defaultText().isEmpty() ? defaultText : "`" + defaultText + "`";
    }

    private static OptionSpec withEnvironmentLine(OptionSpec option) {
        String line = environmentLine(option);
        if (line == null) {
            return option;
        }
        String[] description = option.description();
        String[] extended = description.length == 0
                ? new String[] {line}
                : Arrays.copyOf(description, description.length);
        if (description.length > 0) {
            extended[extended.length - 1] = extended[extended.length - 1] + " " + line;
        }
        return option.toBuilder().description(extended).build();
    }

    private static String format(Object value) {
        if (value instanceof Duration duration) {
            return duration.isZero() ? "0" : SettingValues.formatDuration(duration);
        }
        if (value instanceof Path path) {
            return path.isAbsolute() || path.startsWith(".") ? path.toString() : "./" + path;
        }
        if (value instanceof BindAddress address) {
            return address.host();
        }
        return String.valueOf(value);
    }
}
