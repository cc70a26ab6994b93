package dev.promptcards.server.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code main} of promptcards: {@code promptcards serve ...}, {@code promptcards demo},
 * {@code promptcards help}.
 */
@Command(
        name = "promptcards",
        mixinStandardHelpOptions = true,
        versionProvider = PromptcardsCommand.Version.class,
        description = "Real-time collaborative editing of prompt cards (Yjs-compatible).",
        subcommands = {ServeCommand.class, DemoCommand.class, HelpCommand.class})
public final class PromptcardsCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(newCommandLine(System.getenv()).execute(args));
    }

    /**
     * The command line with its environment: options without a flag take their value from
     * {@code env} (see {@link EnvironmentDefaults}), so tests pass their own map; the help of
     * {@code serve} names each option's variable and default ({@link OptionDocs}); both helps end with the
     * launcher's commands ({@link LauncherHelp}).
     */
    static CommandLine newCommandLine(Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new PromptcardsCommand());
        commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
        commandLine.setParameterExceptionHandler(new ShortErrorHandler());
        OptionDocs.install(commandLine.getSubcommands().get("serve"));
        LauncherHelp.install(commandLine);
        return commandLine;
    }

    /** No subcommand given: show what there is and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /** The version written into the executable jar's manifest by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PromptcardsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"promptcards " + (version == null ? "(development build)" : version)};
        }
    }
}
