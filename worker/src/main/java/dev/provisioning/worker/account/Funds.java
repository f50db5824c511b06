package dev.provisioning.worker.account;

/**
 * The money of one billing account in micro-units: a prepaid balance and a postpaid amount owed.
 * Neither goes below zero; the rules check every change before making it.
 */
final class Funds {
    /** The largest balance or amount owed kept; below 2^53, like the apply script's bound. */
    static final long MAX_STORED_MICROS = 9_000_000_000_000_000L;

    private long balanceMicros;
    private long owedMicros;

    long balanceMicros() {
        return balanceMicros;
    }

    long owedMicros() {
        return owedMicros;
    }

    void addBalance(long micros) {
        balanceMicros = Math.addExact(balanceMicros, micros);
    }

    void addOwed(long micros) {
        owedMicros = Math.addExact(owedMicros, micros);
    }
}
