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
        int exitCode = new CommandLine(new Main()).setExitCodeExceptionMapper(e -> 1).execute(args);
        System.exit(exitCode);
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
