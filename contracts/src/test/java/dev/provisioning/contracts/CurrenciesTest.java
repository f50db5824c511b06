package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrenciesTest {

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "GBP", "JPY", "CHF", "BRL", "INR", "KWD", "VES", "VED"})
    void isValid_activeCurrency_true(String code) {
        assertThat(Currencies.isValid(code)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"eur", "Eur", "EURO", "EU", " EUR", "EUR ", "€", "978"})
    void isValid_notAnExactCode_false(String code) {
        assertThat(Currencies.isValid(code)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXX", "XTS", "XAU", "XAG", "XDR", "XBA", "BOV", "USN", "CLF"})
    void isValid_testMetalOrFundCode_false(String code) {
        assertThat(Currencies.isValid(code)).isFalse();
    }

    /** Withdrawn codes passed because the check used the JDK's list, which still contains them. */
    @ParameterizedTest
    @ValueSource(strings = {"DEM", "FRF", "ITL", "HRK", "VEF", "ZWD", "MRO", "SLL"})
    void isValid_withdrawnCurrency_false(String code) {
        assertThat(Currencies.isValid(code)).isFalse();
    }

    @Test
    void codes_allThreeUpperCaseLetters() {
        assertThat(Currencies.codes()).allMatch(code -> code.matches("[A-Z]{3}"));
    }

    @Test
    void codes_alphabeticalWithoutDuplicates() {
        assertThat(Currencies.codes()).isSortedAccordingTo(Comparator.naturalOrder());
        assertThat(Currencies.codes()).doesNotHaveDuplicates();
    }

    @Test
    void codes_everyCodeValid() {
        assertThat(Currencies.codes()).allMatch(Currencies::isValid);
    }
}
