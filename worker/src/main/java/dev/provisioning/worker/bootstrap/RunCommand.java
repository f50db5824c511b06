package dev.provisioning.worker.bootstrap;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code run}: the worker, configured from the environment, until SIGTERM or Ctrl-C. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the worker until SIGTERM or Ctrl-C, configured by environment variables:",
            "KAFKA_BOOTSTRAP_SERVERS, REDIS_URL, HTTP_PORT, PROVISIONING_* (see README).",
            "On SIGTERM it stops intake, finishes in-flight requests, commits and exits 0."
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Override
    public Integer call() throws Exception {
        WorkerSettings settings;
        try {
            settings = WorkerSettings.load(System.getenv());
        } catch (InvalidSettingsException e) {
            System.err.println("The worker did not start because of invalid settings:");
            e.problems().forEach(problem -> System.err.println("  " + problem));
            return 2;
        }
        WorkerApp app;
        try {
            app = WorkerApp.start(settings);
        } catch (Exception e) {
            log.debug("start failed", e);
            System.err.println("The worker did not start: " + StartupFailure.describe(e, settings));
            return 1;
        }
        System.out.println(
                "worker running; health and metrics on http://127.0.0.1:" + app.httpPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    int status = 0;
                                    try {
                                        app.close();
                                    } catch (Exception e) {
                                        log.error("worker did not stop cleanly", e);
                                        status = 1;
                                    }
                                    stopped.countDown();
                                    // halt, because exit() during shutdown would block, and the
                                    // status of a SIGTERM-started shutdown would be 143.
                                    Runtime.getRuntime().halt(status);
                                },
                                "worker-shutdown"));
        stopped.await();
        return 0;
    }
}
