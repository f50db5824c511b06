package dev.provisioning.worker.billing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count that one thread increments and any thread may read. The owner's increment is a plain add
 * with an opaque store, so a cache hit pays no locked read-modify-write as it would with a {@code
 * LongAdder} or an {@code AtomicLong}; readers see a recent value.
 */
final class OwnerCounter {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(OwnerCounter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long count;

    /** Adds one; only the owning thread may call this. */
    void increment() {
        COUNT.setOpaque(this, count + 1);
    }

    /** Returns the count as recently written by the owner; safe from any thread. */
    double value() {
        return (long) COUNT.getOpaque(this);
    }
}
