package dev.provisioning.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldReaderTest {
    private static final String EMOJI = "\uD83D\uDE00";

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("plain name", "Client 1042", true),
                Arguments.of(
                        "non-Latin letters", "\u041A\u043B\u0438\u0435\u043D\u0442 1042", true),
                Arguments.of("inner no-break space", "Client\u00A01042", true),
                Arguments.of("emoji", "Client " + EMOJI, true),
                Arguments.of("255 letters", Samples.letters(255), true),
                Arguments.of("255 emoji", EMOJI.repeat(255), true),
                Arguments.of("empty", "", false),
                Arguments.of("spaces", "   ", false),
                Arguments.of("no-break spaces", "\u00A0\u202F", false),
                Arguments.of("em and ideographic spaces", "\u2003\u3000", false),
                Arguments.of("line separator", "\u2028", false),
                Arguments.of("tab", "Client\t1042", false),
                Arguments.of("NUL", "Client\u00001042", false),
                Arguments.of("DEL", "Client\u007F", false),
                Arguments.of("C1 control NEL", "Client\u0085", false),
                Arguments.of("lone high surrogate", "Client \uD83D", false),
                Arguments.of("lone low surrogate", "\uDE00 Client", false),
                Arguments.of("reversed surrogate pair", "\uDE00\uD83D", false),
                Arguments.of("256 letters", Samples.letters(256), false),
                Arguments.of("256 emoji", EMOJI.repeat(256), false),
                Arguments.of("null", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void isCleanText_maxLength255_matchesRule(String name, String text, boolean clean) {
        assertThat(FieldReader.isCleanText(text, 255)).isEqualTo(clean);
    }

    /**
     * Length was counted in UTF-16 units, so 200 emoji (400 units) broke a 255-character limit that
     * JSON Schema's maxLength, which counts code points, accepts.
     */
    @Test
    void isCleanText_200Emoji_withinLimitOf255() {
        assertThat(FieldReader.isCleanText(EMOJI.repeat(200), 255)).isTrue();
    }

    /** String.isBlank does not treat U+00A0 as white space, so a name of no-break spaces passed. */
    @Test
    void isCleanText_onlyNoBreakSpaces_blank() {
        assertThat(FieldReader.isCleanText("\u00A0\u00A0", 255)).isFalse();
    }

    /**
     * Compares the spelt-out space separators with the running JDK's Unicode data, so a new
     * separator in a later Unicode version shows up here and can be added to reader and schema.
     */
    @Test
    void isCleanText_singleCodePoint_blankExactlyForSeparators() {
        List<Integer> mismatches = new ArrayList<>();

        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            int type = Character.getType(codePoint);
            if (Character.isISOControl(codePoint) || type == Character.SURROGATE) {
                continue;
            }
            boolean separator =
                    type == Character.SPACE_SEPARATOR
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR;
            String text = Character.toString(codePoint);
            if (FieldReader.isCleanText(text, 255) == separator) {
                mismatches.add(codePoint);
            }
        }

        assertThat(mismatches).isEmpty();
    }
}
