package dev.promptcards.runner.prompt;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A test case lacks a value for variables its card's prompts reference: that test is an error and no
 * provider is called (issue 13's rendering rule, ARCHITECTURE.md "Where the coming features plug in").
 */
public final class MissingVariableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> variables;

    /**
     * @param variables the missing names, at least one; kept sorted and each once, so the message is
     *                  the same whatever order they were found in
     */
    public MissingVariableException(Collection<String> variables) {
        super(message(List.copyOf(new TreeSet<>(variables))));
        this.variables = List.copyOf(new TreeSet<>(variables));
    }

    /** The missing variable names, sorted, each once. */
    public List<String> variables() {
        return variables;
    }

    private static String message(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no missing variable named");
        }
        String quoted = String.join(", ", names.stream().map(name -> "{{" + name + "}}").toList());
        return (names.size() == 1 ? "missing variable " : "missing variables ") + quoted
                + ": the test case gives no value";
    }
}
