package dev.provisioning.worker.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code provisioning-worker.jar}: parses the command line and runs a command. */
@Command(
        name = "provisioning-worker",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Applies account-model provisioning requests from Kafka atomically in Redis.",
        subcommands = {
            RunCommand.class,
            LocalKafkaCommand.class,
            DemoCommand.class,
            SendCommand.class,
            ResultsCommand.class,
            ShowCommand.class,
            RebuildStateCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 success, 1 failure or rejected requests, 2 invalid usage or settings."
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        int exitCode =
                new CommandLine(new Main())
                        .setExitCodeExceptionMapper(Main::exitCode)
                        .execute(args);
        System.exit(exitCode);
    }

    /** Maps a failure to the documented exit code: 2 for invalid usage, 1 for anything else. */
    static int exitCode(Throwable failure) {
        return failure instanceof CommandLine.ParameterException ? 2 : 1;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"provisioning-worker " + (version == null ? "dev" : version)};
        }
    }
}
