package dev.promptcards.loadtests.crdt;

/**
 * One correctness check of the run (both sides must agree on what they produced).
 *
 * @param name what is checked
 * @param passed whether it held
 * @param detail the figures behind it
 */
record Check(String name, boolean passed, String detail) {}
