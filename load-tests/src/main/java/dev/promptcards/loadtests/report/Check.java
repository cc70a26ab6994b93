package dev.promptcards.loadtests.report;

import java.util.List;

/**
 * One correctness check of a run (both sides must agree on what they produced, a server must
 * deliver what it was sent).
 *
 * @param name what is checked
 * @param passed whether it held
 * @param detail the figures behind it
 */
public record Check(String name, boolean passed, String detail) {

    /** Whether every check held: a run passes only then. */
    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }
}
