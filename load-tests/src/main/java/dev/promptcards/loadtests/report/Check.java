package dev.promptcards.loadtests.report;

/**
 * One correctness check of a run (both sides must agree on what they produced, a server must
 * deliver what it was sent).
 *
 * @param name what is checked
 * @param passed whether it held
 * @param detail the figures behind it
 */
public record Check(String name, boolean passed, String detail) {}
