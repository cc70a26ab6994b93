package dev.promptcards.runner.prompt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A prompt text parsed once into literal text and variable references, rendered for each test case.
 *
 * <p>A reference is {@code {{name}}}, with any whitespace inside the braces ({@code {{ name }}}); a
 * name is a Nunjucks identifier ({@code [A-Za-z_][A-Za-z0-9_]*}), as promptfoo renders prompts with
 * Nunjucks. The braces are found as the web client finds them ({@code web-client/src/card/variables.ts}):
 * {@code {{{x}}}} is a literal brace before {@code {{x}}}, and a <code>{{</code> not closed before the next
 * <code>{{</code> is not a reference.
 *
 * <p>Everything else is literal text, kept as is: a <code>{{</code> that is not closed, an empty
 * {@code {{}}}, a name that is not an identifier, and Nunjucks expressions beyond a plain name
 * ({@code {{ user.email }}}, {@code {{ text | upper }}}): a test case's values are plain strings, with
 * no members to read, and no filters are applied here. Values are inserted verbatim and never rendered
 * again, so a value that contains {@code {{x}}} reaches the model as those characters.
 */
public final class PromptTemplate {

    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");

    private final String text;
    private final List<Part> parts;
    private final SequencedSet<String> variables;

    private PromptTemplate(String text, List<Part> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        SequencedSet<String> names = new LinkedHashSet<>();
        for (Part part : parts) {
            if (part instanceof Variable variable) {
                names.add(variable.name());
            }
        }
        this.variables = Collections.unmodifiableSequencedSet(names);
    }

    /** Parses a prompt text; null is read as the empty text. */
    public static PromptTemplate parse(String text) {
        String source = text == null ? "" : text;
        List<Part> parts = new ArrayList<>();
        int literalFrom = 0;
        int at = 0;
        while (true) {
            int open = source.indexOf("{{", at);
            if (open < 0) {
                break;
            }
            while (source.startsWith("{{{", open)) {
                open++;
            }
            int close = source.indexOf("}}", open + 2);
            int nextOpen = source.indexOf("{{", open + 2);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                at = open + 2;
                continue;
            }
            var name = NAME.matcher(source.substring(open + 2, close));
            if (name.matches()) {
                if (open > literalFrom) {
                    parts.add(new Literal(source.substring(literalFrom, open)));
                }
                parts.add(new Variable(name.group(1)));
                literalFrom = close + 2;
            }
            at = close + 2;
        }
        if (literalFrom < source.length()) {
            parts.add(new Literal(source.substring(literalFrom)));
        }
        return new PromptTemplate(source, parts);
    }

    /** The text this template was parsed from. */
    public String text() {
        return text;
    }

    /** The names of the variables referenced, each once, in order of first appearance. */
    public SequencedSet<String> variables() {
        return variables;
    }

    /**
     * Renders this template with a test case's values.
     *
     * @param values each variable's value; a variable that is absent or null is missing (an empty
     *               value is a value); null is read as no values
     * @return the text with every reference replaced by its value
     * @throws MissingVariableException naming every missing variable
     */
    public String render(Map<String, String> values) {
        Map<String, String> given = values == null ? Map.of() : values;
        TreeSet<String> missing = missing(given);
        if (!missing.isEmpty()) {
            throw new MissingVariableException(missing);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (Part part : parts) {
            switch (part) {
                case Literal literal -> out.append(literal.text());
                case Variable variable -> out.append(given.get(variable.name()));
            }
        }
        return out.toString();
    }

    /** The variables of this template that {@code values} lacks, sorted. */
    TreeSet<String> missing(Map<String, String> values) {
        TreeSet<String> missing = new TreeSet<>();
        for (String name : variables) {
            if (values.get(name) == null) {
                missing.add(name);
            }
        }
        return missing;
    }

    @Override
    public String toString() {
        return "PromptTemplate" + variables;
    }

    private sealed interface Part permits Literal, Variable {
    }

    private record Literal(String text) implements Part {
    }

    private record Variable(String name) implements Part {
    }
}
