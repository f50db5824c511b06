package dev.provisioning.contracts;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * ISO 4217 currency codes accepted for billing accounts and amounts.
 *
 * <p>Normalisation: none. A code must be exactly three upper-case letters naming an active ISO 4217
 * currency known to the JDK, so {@code "eur"} and {@code "EURO"} are rejected rather than guessed
 * at. The test and no-currency codes XTS and XXX are rejected.
 */
public final class Currencies {
    private static final Set<String> CODES =
            Currency.getAvailableCurrencies().stream()
                    .map(Currency::getCurrencyCode)
                    .filter(code -> !code.equals("XTS") && !code.equals("XXX"))
                    .collect(Collectors.toUnmodifiableSet());

    private Currencies() {}

    /** Tells whether the text is an accepted ISO 4217 code such as {@code EUR}. */
    public static boolean isValid(String code) {
        return code != null && CODES.contains(code);
    }
}
