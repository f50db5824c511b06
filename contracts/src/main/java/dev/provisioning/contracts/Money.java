package dev.provisioning.contracts;

import java.util.regex.Pattern;

/**
 * Exact decimal amounts on the wire ({@code "12.50"}) and their integer micro-unit form.
 *
 * <p>An amount is a JSON string of digits with an optional fraction of at most six digits: no sign,
 * exponent, spaces or leading plus. One unit is 1,000,000 micro-units, so every accepted amount
 * converts without rounding. The largest accepted amount is {@link #MAX_MICROS} micro-units, which
 * keeps every sum the worker forms below 2^53 and therefore exact in Redis Lua numbers too.
 */
public final class Money {
    /** Micro-units in one unit of currency. */
    public static final long MICROS_PER_UNIT = 1_000_000L;

    /** The largest amount in micro-units that one request or one stored balance may hold. */
    public static final long MAX_MICROS = 1_000_000_000L * MICROS_PER_UNIT;

    private static final Pattern DECIMAL = Pattern.compile("(0|[1-9][0-9]{0,9})(\\.[0-9]{1,6})?");

    private Money() {}

    /**
     * Parses a decimal string into micro-units.
     *
     * @return the amount in micro-units, or -1 if the text is not a valid amount or exceeds {@link
     *     #MAX_MICROS}
     */
    public static long parseMicros(String text) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            return -1;
        }
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        long micros = Long.parseLong(whole) * MICROS_PER_UNIT;
        if (!fraction.isEmpty()) {
            micros += Long.parseLong((fraction + "000000").substring(0, 6));
        }
        return micros > MAX_MICROS ? -1 : micros;
    }

    /**
     * Formats micro-units as a decimal string with at least two fraction digits: 1500000 becomes
     * {@code "1.50"}, 1234567 becomes {@code "1.234567"}, -2500000 becomes {@code "-2.50"}.
     */
    public static String formatMicros(long micros) {
        String sign = micros < 0 ? "-" : "";
        // Dividing before taking the absolute value keeps Long.MIN_VALUE in range.
        long whole = Math.abs(micros / MICROS_PER_UNIT);
        String fraction = String.format("%06d", Math.abs(micros % MICROS_PER_UNIT));
        int end = fraction.length();
        while (end > 2 && fraction.charAt(end - 1) == '0') {
            end--;
        }
        return sign + whole + "." + fraction.substring(0, end);
    }
}
