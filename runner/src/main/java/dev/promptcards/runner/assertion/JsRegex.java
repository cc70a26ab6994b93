package dev.promptcards.runner.assertion;

import java.util.regex.Pattern;

/**
 * A JavaScript regular expression (no flags) as a Java {@link Pattern}. The syntax is shared for the
 * common constructs; where the same text means something else, it is rewritten: {@code $} matches only at
 * the very end in JS (Java's also matches before a final line break), and inside a character class JS
 * reads {@code [} and {@code &&} literally (Java nests and intersects classes), {@code []} matches nothing
 * and {@code [^]} anything.
 */
final class JsRegex {

    private JsRegex() {
    }

    /**
     * Compiles a JS pattern.
     *
     * @throws java.util.regex.PatternSyntaxException when it does not compile
     */
    static Pattern compile(String source) {
        return Pattern.compile(translate(source));
    }

    static String translate(String source) {
        StringBuilder out = new StringBuilder(source.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\' && i + 1 < source.length()) {
                out.append(c).append(source.charAt(++i));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
            } else if (c == '[') {
                if (source.startsWith("[]", i)) {
                    out.append("(?!)");
                    i++;
                } else if (source.startsWith("[^]", i)) {
                    out.append("[\\s\\S]");
                    i += 2;
                } else {
                    inClass = true;
                    out.append(c);
                    if (source.startsWith("^", i + 1)) {
                        out.append('^');
                        i++;
                    }
                }
            } else if (c == '$') {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
