/**
 * The command line of the promptcards process (picocli): {@link
 * dev.promptcards.server.cli.PromptcardsCommand} is the {@code main} that {@code ./promptcards}
 * runs, with its {@code serve} and {@code demo} subcommands. Every {@code serve} flag can also
 * come from its {@code PROMPTCARDS_*} environment variable; a flag given on the command line wins.
 */
package dev.promptcards.server.cli;
