package dev.provisioning.worker.provisioning;

import java.time.Duration;

/** The thread that owns the Kafka consumer, seen from the verticle that starts and stops it. */
interface Intake extends Runnable, RecordCompletion {

    /** Asks the intake to stop: no new records, drain within the deadline, commit, close. */
    void stop();

    /** Waits until the consumer is closed. */
    boolean awaitStopped(Duration timeout) throws InterruptedException;

    /** Returns the number of records polled and not yet finished. */
    int inFlight();
}
