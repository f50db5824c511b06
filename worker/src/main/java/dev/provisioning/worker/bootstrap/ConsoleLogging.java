package dev.provisioning.worker.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels for commands that print their own output to the console, where the worker's info lines
 * on the same stream would bury it.
 */
final class ConsoleLogging {
    private ConsoleLogging() {}

    /**
     * Raises the level of this application's loggers to WARN, so only problems appear, and returns
     * the previous level so the caller can restore it.
     */
    static Level showWarningsOnly() {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.provisioning");
        Level previous = logger.getLevel();
        logger.setLevel(Level.WARN);
        return previous;
    }

    /** Restores the level returned by {@link #showWarningsOnly()}; null inherits the root's. */
    static void restore(Level previous) {
        ((Logger) LoggerFactory.getLogger("dev.provisioning")).setLevel(previous);
    }
}
