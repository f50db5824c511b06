package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    static Stream<Arguments> amounts() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("0.0", 0L),
                Arguments.of("0.000001", 1L),
                Arguments.of("0.1", 100_000L),
                Arguments.of("1", 1_000_000L),
                Arguments.of("12.50", 12_500_000L),
                Arguments.of("1234.5678", 1_234_567_800L),
                Arguments.of("999999999.999999", 999_999_999_999_999L),
                Arguments.of("1000000000", Money.MAX_MICROS),
                Arguments.of("1000000000.000000", Money.MAX_MICROS));
    }

    @ParameterizedTest
    @MethodSource("amounts")
    void parseMicros_validAmount_exactMicros(String text, long micros) {
        assertThat(Money.parseMicros(text)).isEqualTo(micros);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " 1",
                "1 ",
                "+1",
                "-1",
                "01",
                "00",
                "1.",
                ".5",
                "1.2345678",
                "0.0000001",
                "1e3",
                "1E3",
                "NaN",
                "Infinity",
                "1,50",
                "1_000",
                "0x10",
                "\u0661\u0662",
                "1000000000.000001",
                "9999999999",
                "10000000000"
            })
    void parseMicros_invalidAmount_minusOne(String text) {
        assertThat(Money.parseMicros(text)).isEqualTo(-1L);
    }

    static Stream<Arguments> formats() {
        return Stream.of(
                Arguments.of(0L, "0.00"),
                Arguments.of(1L, "0.000001"),
                Arguments.of(10_000L, "0.01"),
                Arguments.of(100_000L, "0.10"),
                Arguments.of(1_500_000L, "1.50"),
                Arguments.of(1_234_567L, "1.234567"),
                Arguments.of(12_340_000L, "12.34"),
                Arguments.of(312_407_500L, "312.4075"),
                Arguments.of(-2_500_000L, "-2.50"),
                Arguments.of(Money.MAX_MICROS, "1000000000.00"));
    }

    @ParameterizedTest
    @MethodSource("formats")
    void formatMicros_micros_decimalString(long micros, String text) {
        assertThat(Money.formatMicros(micros)).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("formats")
    void parseMicros_formattedNonNegative_roundTrips(long micros, String text) {
        long expected = micros < 0 ? -1 : micros;

        assertThat(Money.parseMicros(text)).isEqualTo(expected);
    }

    @Test
    void parseMicros_tenTimesOneTenth_sumsToExactlyOne() {
        long sum = 0;

        for (int i = 0; i < 10; i++) {
            sum += Money.parseMicros("0.1");
        }

        assertThat(Money.formatMicros(sum)).isEqualTo("1.00");
    }

    @Test
    void parseMicros_maxAmount_accepted() {
        assertThat(Money.parseMicros(Money.formatMicros(Money.MAX_MICROS)))
                .isEqualTo(Money.MAX_MICROS);
    }

    @Test
    void parseMicros_oneMicroOverMax_rejected() {
        assertThat(Money.parseMicros(Money.formatMicros(Money.MAX_MICROS + 1))).isEqualTo(-1L);
    }

    @Test
    void parseMicros_sevenFractionDigits_rejected() {
        assertThat(Money.parseMicros("0.1000000")).isEqualTo(-1L);
    }

    @Test
    void maxMicros_twiceMax_exactAsDouble() {
        assertThat(2 * Money.MAX_MICROS).isLessThan(1L << 53);
    }

    /** Math.abs(Long.MIN_VALUE) is negative, so the smallest long came out with two minus signs. */
    @Test
    void formatMicros_longMinValue_exact() {
        assertThat(Money.formatMicros(Long.MIN_VALUE)).isEqualTo("-9223372036854.775808");
    }

    @Test
    void formatMicros_longMaxValue_exact() {
        assertThat(Money.formatMicros(Long.MAX_VALUE)).isEqualTo("9223372036854.775807");
    }
}
