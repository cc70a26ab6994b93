package dev.promptcards.server.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a mistyped one most likely meant ({@code --prot}: {@code --port}). picocli's own suggestions
 * rank by shared prefix, which for {@code --prot} are {@code --provider-concurrency}, {@code
 * --provider-timeout} and {@code --price-table}; an edit distance finds the transposed letters.
 */
final class OptionSuggestions {

    /** The most edits (a letter added, removed, changed, or two swapped) a suggestion may be away. */
    private static final int MAX_EDITS = 2;

    private OptionSuggestions() {
    }

    /**
     * What {@code typed} may have meant in {@code spec}: the options the fewest edits away (at most {@value
     * #MAX_EDITS}), else those it is the start of ({@code --jwt}), else those it starts with ({@code
     * --port-number}); for an option only a subcommand has, that subcommand with it ("promptcards serve --port").
     *
     * @param spec  the command it was given to
     * @param typed the unknown option, possibly with "=VALUE"
     * @return the suggestions, best first; empty when nothing is near
     */
    static List<String> of(CommandSpec spec, String typed) {
        String name = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        if (!name.startsWith("--") && name.length() > 2) {
            name = "-" + name; // -port: --port
        }
        List<String> inSubcommand = inSubcommand(spec, name);
        if (!inSubcommand.isEmpty()) {
            return inSubcommand;
        }
        List<String> names = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            names.addAll(List.of(option.names()));
        }
        List<String> nearest = nearest(names, name);
        if (!nearest.isEmpty()) {
            return nearest;
        }
        String start = name;
        List<String> longer = names.stream().filter(option -> start.length() >= 4 && option.startsWith(start))
                .toList();
        if (!longer.isEmpty()) {
            return longer;
        }
        return names.stream().filter(option -> option.length() >= 4 && start.startsWith(option)).toList();
    }

    /** "promptcards serve --port" when a subcommand (not {@code spec}) has the option {@code name}. */
    private static List<String> inSubcommand(CommandSpec spec, String name) {
        if (spec.findOption(name) != null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec subSpec = sub.getCommandSpec();
            String line = subSpec.qualifiedName() + " " + name;
            if (subSpec.findOption(name) != null && !found.contains(line)) {
                found.add(line);
            }
        }
        return found;
    }

    /** The long names at the fewest edits from {@code name}, at most {@value #MAX_EDITS}; not for "-x". */
    private static List<String> nearest(List<String> names, String name) {
        if (!name.startsWith("--")) {
            return List.of();
        }
        int best = MAX_EDITS + 1;
        List<String> nearest = new ArrayList<>();
        for (String option : names) {
            if (!option.startsWith("--")) {
                continue;
            }
            int edits = edits(name, option);
            if (edits > MAX_EDITS) {
                continue;
            }
            if (edits < best) {
                best = edits;
                nearest.clear();
            }
            if (edits == best) {
                nearest.add(option);
            }
        }
        return nearest;
    }

    /**
     * The optimal string alignment distance: insertions, deletions, substitutions and swaps of two adjacent
     * letters, each one edit.
     */
    static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
