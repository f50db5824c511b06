package dev.provisioning.worker.provisioning;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/** Decides which failures are transient, and so worth retrying, in one place. */
final class Failures {
    private Failures() {}

    /** Server replies that mean "try again later", by their error prefix. */
    private static final String[] TRANSIENT_PREFIXES = {
        "LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN", "READONLY", "MOVED", "ASK"
    };

    static boolean isTransient(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RedisCommandTimeoutException
                || cause instanceof RedisConnectionException
                || cause instanceof RetriableException
                || cause instanceof TimeoutException
                || cause instanceof RejectedExecutionException
                || cause instanceof IOException) {
            return true;
        }
        if (cause instanceof RedisCommandExecutionException) {
            String message = String.valueOf(cause.getMessage()).toUpperCase(Locale.ROOT);
            for (String prefix : TRANSIENT_PREFIXES) {
                if (message.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
        // Lettuce reports a closed or rejected connection as a plain RedisException.
        return cause instanceof RedisException;
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
