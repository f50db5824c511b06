package dev.provisioning.contracts;

import java.util.List;
import java.util.Set;

/**
 * ISO 4217 currency codes accepted for billing accounts and amounts.
 *
 * <p>Normalisation: none. A code must be exactly one of {@link #codes()}, so {@code "eur"} and
 * {@code "EURO"} are rejected rather than guessed at.
 *
 * <p>The list is fixed here instead of being read from {@link java.util.Currency}, because the
 * JDK's list also contains withdrawn codes such as DEM and changes between JDK releases, while a
 * worker and a producer on different JDKs must accept the same codes. It contains the currencies
 * that are legal tender in at least one country according to the country data of JDK 25 on
 * 2026-12-04, plus VED, which Venezuela uses beside VES. A billing account cannot be kept in fund
 * codes (such as BOV and USN), precious metals (XAU, XAG, XPD, XPT), units of account (XBA to XBD,
 * XDR, XSU, XUA, XAD) or the test and no-currency codes XTS and XXX, so they are left out. A new
 * ISO 4217 currency is added here and in the JSON Schemas together.
 */
public final class Currencies {
    private static final List<String> CODES =
            List.of(
                    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD",
                    "BDT", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN",
                    "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK",
                    "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
                    "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
                    "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS",
                    "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD",
                    "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
                    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
                    "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
                    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS",
                    "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP",
                    "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VED", "VES",
                    "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
                    "ZWG");

    private static final Set<String> LOOKUP = Set.copyOf(CODES);

    private Currencies() {}

    /** Tells whether the text is an accepted ISO 4217 code such as {@code EUR}. */
    public static boolean isValid(String code) {
        return code != null && LOOKUP.contains(code);
    }

    /** Returns every accepted code in alphabetical order, as an immutable list. */
    public static List<String> codes() {
        return CODES;
    }
}
