package dev.provisioning.worker.bootstrap;

import io.lettuce.core.RedisConnectionException;
import java.net.BindException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns an exception that stopped the worker from starting into one line an operator can act on:
 * which dependency failed, at which address, and which setting to check.
 */
final class StartupFailure {
    private StartupFailure() {}

    static String describe(Throwable failure, WorkerSettings settings) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return "the HTTP port "
                        + settings.httpPort()
                        + " is in use; set HTTP_PORT to a free port (0 picks one)";
            }
            if (cause instanceof RedisConnectionException) {
                return "cannot connect to Redis at "
                        + settings.redisUri().getHost()
                        + ":"
                        + settings.redisUri().getPort()
                        + " ("
                        + redisReason(cause)
                        + "); check REDIS_URL and that Redis runs";
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || (cause instanceof TimeoutException
                            && !(failure instanceof TimeoutException))) {
                return "cannot reach Kafka at "
                        + settings.bootstrapServers()
                        + " in time; check KAFKA_BOOTSTRAP_SERVERS, the broker and its listeners";
            }
        }
        Throwable root = failure;
        while ((root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof TimeoutException) {
            return "start did not finish in time; check that Kafka at "
                    + settings.bootstrapServers()
                    + " and Redis are reachable";
        }
        return root.getClass().getSimpleName() + ": " + firstLine(root);
    }

    /**
     * Returns the server's AUTH rejection, such as {@code WRONGPASS invalid username-password
     * pair}, when there is one, because it names the fix better than Lettuce's "Unable to connect".
     * Redis error replies never repeat the password.
     */
    private static String redisReason(Throwable connectFailure) {
        for (Throwable cause = connectFailure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
                return "authentication rejected: " + firstLine(cause);
            }
        }
        return firstLine(connectFailure);
    }

    private static String firstLine(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
