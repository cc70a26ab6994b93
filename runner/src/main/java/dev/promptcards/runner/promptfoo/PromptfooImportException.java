package dev.promptcards.runner.promptfoo;

import java.util.List;

/**
 * A promptfoo config that cannot be imported: broken YAML or CSV (with its line and column), or features
 * a card cannot hold, each named by its field path ({@code tests[3].assert[1].type: javascript is not
 * supported}). Nothing is imported.
 */
public final class PromptfooImportException extends RuntimeException {

    private final int line;
    private final int column;
    private final List<String> problems;

    private PromptfooImportException(String message, int line, int column, List<String> problems) {
        super(message);
        this.line = line;
        this.column = column;
        this.problems = List.copyOf(problems);
    }

    /** Text that does not parse, at a 1-based line and column. */
    static PromptfooImportException syntax(String what, int line, int column, String problem) {
        String message = what + " line " + line + ", column " + column + ": " + problem;
        return new PromptfooImportException(message, line, column, List.of(message));
    }

    /** Features refused, one message each. */
    static PromptfooImportException refused(List<String> problems) {
        return new PromptfooImportException(String.join("; ", problems), -1, -1, problems);
    }

    /** The 1-based line of a syntax error; -1 when the problem is not one of syntax. */
    public int line() {
        return line;
    }

    /** The 1-based column of a syntax error; -1 when the problem is not one of syntax. */
    public int column() {
        return column;
    }

    /** Each problem found, with its field path. */
    public List<String> problems() {
        return problems;
    }
}
