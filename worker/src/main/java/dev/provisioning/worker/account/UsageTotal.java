package dev.provisioning.worker.account;

/**
 * Usage charged to one entity in one currency.
 *
 * @param amountMicros sum of the charged amounts, in micro-units
 * @param quantity sum of the units consumed
 * @param records number of usage records
 */
record UsageTotal(long amountMicros, long quantity, long records) {
    static final UsageTotal NONE = new UsageTotal(0, 0, 0);

    UsageTotal plus(long chargeMicros, long chargeQuantity) {
        return new UsageTotal(
                Math.addExact(amountMicros, chargeMicros),
                Math.addExact(quantity, chargeQuantity),
                records + 1);
    }
}
