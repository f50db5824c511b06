package dev.provisioning.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object and records every broken rule instead of stopping at the
 * first, so a rejected request lists all its problems at once.
 *
 * <p>Readers never coerce: a number where a string belongs, a string where an object belongs, or a
 * fractional number where an integer belongs is a violation. Fields the reader was not asked for
 * are reported by {@link #rejectUnknownFields()}. A method returns null (or -1 for amounts) when
 * its field is absent or invalid; callers build their value only when {@link Violations#isEmpty()}
 * holds at the end.
 */
public final class FieldReader {
    /** Maximum length of display names, label keys and label values, in Unicode code points. */
    public static final int MAX_NAME_LENGTH = 255;

    /** Maximum number of entries in a label map. */
    public static final int MAX_LABELS = 255;

    /** Maximum length of free-text payer fields such as an address, in Unicode code points. */
    public static final int MAX_TEXT_LENGTH = 1024;

    /** Pattern of request ids, account ids and every id the worker creates. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final JsonNode object;
    private final String path;
    private final Violations violations;
    private final Set<String> readFields = new HashSet<>();

    private FieldReader(JsonNode object, String path, Violations violations) {
        this.object = object;
        this.path = path;
        this.violations = violations;
    }

    /**
     * Creates a reader of an object at {@code path}. A non-object is recorded as one violation, and
     * reads from the returned reader then record nothing, because a value that is not an object has
     * no fields to miss.
     */
    public static FieldReader of(JsonNode node, String path, Violations violations) {
        if (node == null || !node.isObject()) {
            violations.add(path, "must be a JSON object");
            return new FieldReader(null, path, violations);
        }
        return new FieldReader(node, path, violations);
    }

    /** Returns the path of a field of this object, for violation messages. */
    public String pathOf(String field) {
        if (field.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? field : path + "." + field;
    }

    /** Reads a required string that passes {@link #isCleanText} with the given maximum. */
    public String requiredText(String field, int maxLength) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return null;
        }
        return text(field, node, maxLength);
    }

    /** Reads an optional string that passes {@link #isCleanText} with the given maximum. */
    public String optionalText(String field, int maxLength) {
        JsonNode node = field(field);
        return node == null ? null : text(field, node, maxLength);
    }

    /** Reads a required id made of 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
    public String requiredId(String field) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return null;
        }
        return id(field, node);
    }

    /** Reads an optional id made of 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
    public String optionalId(String field) {
        JsonNode node = field(field);
        return node == null ? null : id(field, node);
    }

    /** Reads an optional boolean; returns the default when absent. */
    public boolean optionalBoolean(String field, boolean absentValue) {
        JsonNode node = field(field);
        if (node == null) {
            return absentValue;
        }
        if (!node.isBoolean()) {
            violations.add(pathOf(field), "must be true or false");
            return absentValue;
        }
        return node.booleanValue();
    }

    /** Reads an optional whole number in [min, max]; returns null when absent or invalid. */
    public Long optionalWholeNumber(String field, long min, long max) {
        JsonNode node = field(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            violations.add(pathOf(field), "must be a whole number without a fraction or quotes");
            return null;
        }
        long value = node.longValue();
        if (value < min || value > max) {
            violations.add(pathOf(field), "must be between " + min + " and " + max);
            return null;
        }
        return value;
    }

    /**
     * Reads a required amount: a decimal string with at most six fraction digits.
     *
     * @param allowZero whether {@code "0"} is accepted, as for a credit limit
     * @return micro-units, or -1 when absent or invalid
     */
    public long requiredAmount(String field, boolean allowZero) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return -1;
        }
        return amount(field, node, allowZero);
    }

    /** Reads an optional amount like {@link #requiredAmount}; returns -1 when absent. */
    public long optionalAmount(String field, boolean allowZero) {
        JsonNode node = field(field);
        return node == null ? -1 : amount(field, node, allowZero);
    }

    /** Reads a required ISO 4217 currency code such as {@code EUR}. */
    public String requiredCurrency(String field) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return null;
        }
        if (!node.isTextual() || !Currencies.isValid(node.textValue())) {
            violations.add(
                    pathOf(field), "must be an upper-case ISO 4217 currency code such as EUR");
            return null;
        }
        return node.textValue();
    }

    /** Reads a required value of an enum by its exact constant name. */
    public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return null;
        }
        E[] constants = type.getEnumConstants();
        if (node.isTextual()) {
            for (E constant : constants) {
                if (constant.name().equals(node.textValue())) {
                    return constant;
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : constants) {
            names.add(constant.name());
        }
        violations.add(pathOf(field), "must be one of " + String.join(", ", names));
        return null;
    }

    /**
     * Reads an optional label map of at most 255 entries, whose keys and values are strings that
     * pass {@link #isCleanText} with a maximum of 255. Returns null when absent, an unmodifiable
     * map in document order otherwise.
     */
    public Map<String, String> optionalLabels(String field) {
        JsonNode node = field(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            violations.add(pathOf(field), "must be a JSON object of string values");
            return null;
        }
        if (node.size() > MAX_LABELS) {
            violations.add(pathOf(field), "must have at most " + MAX_LABELS + " entries");
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            String entryPath = pathOf(field) + "." + key;
            if (!isCleanText(key, MAX_NAME_LENGTH)) {
                violations.add(
                        pathOf(field),
                        "label keys must be 1 to "
                                + MAX_NAME_LENGTH
                                + " characters, not blank, without control characters or unpaired"
                                + " surrogates");
                continue;
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual() || !isCleanText(value.textValue(), MAX_NAME_LENGTH)) {
                violations.add(entryPath, textRule(MAX_NAME_LENGTH));
                continue;
            }
            labels.put(key, value.textValue());
        }
        return Collections.unmodifiableMap(labels);
    }

    /** Returns a reader of a required nested object, or null when it is absent. */
    public FieldReader requiredObject(String field) {
        JsonNode node = field(field);
        if (node == null) {
            reportMissing(field);
            return null;
        }
        return of(node, pathOf(field), violations);
    }

    /** Returns a reader of an optional nested object, or null when it is absent. */
    public FieldReader optionalObject(String field) {
        JsonNode node = field(field);
        return node == null ? null : of(node, pathOf(field), violations);
    }

    /** Tells whether the field is present and not null. */
    public boolean has(String field) {
        return field(field) != null;
    }

    /** Records a violation for each field of this object that no read method asked for. */
    public void rejectUnknownFields() {
        if (object == null) {
            return;
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!readFields.contains(name)) {
                violations.add(pathOf(name), "is not a known field");
            }
        }
    }

    /**
     * Records a violation that concerns the field itself, such as a mutually exclusive pair.
     * Nothing is recorded when this reader's value is not an object.
     */
    public void reject(String field, String description) {
        if (object != null) {
            violations.add(pathOf(field), description);
        }
    }

    /** Returns the violations shared by this reader and its nested readers. */
    public Violations violations() {
        return violations;
    }

    /**
     * Tells whether the text matches {@link #ID}, without a regular expression, because every
     * request checks several ids.
     */
    public static boolean isId(String text) {
        if (text == null || text.isEmpty() || text.length() > 128) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == ':'
                            || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether a string is 1 to maxLength code points long, free of control characters and
     * unpaired surrogates, and not blank. Length counts code points, as JSON Schema's maxLength
     * does, so an emoji counts once. Blank means made only of space separators (Unicode categories
     * Zs, Zl and Zp), so a name of no-break spaces is blank too.
     */
    public static boolean isCleanText(String text, int maxLength) {
        if (text == null || text.isEmpty() || text.length() > 2L * maxLength) {
            return false;
        }
        int codePoints = 0;
        boolean blank = true;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            int codePoint = text.codePointAt(i);
            if (Character.isISOControl(codePoint)
                    || Character.getType(codePoint) == Character.SURROGATE) {
                return false;
            }
            blank &= isSpaceSeparator(codePoint);
            codePoints++;
        }
        return codePoints <= maxLength && !blank;
    }

    /**
     * Tells whether a code point is in Unicode category Zs, Zl or Zp. The set is spelt out rather
     * than taken from {@link Character#isSpaceChar}, so that it stays equal to the published JSON
     * Schema whatever Unicode version the JDK carries.
     */
    private static boolean isSpaceSeparator(int codePoint) {
        return codePoint == ' '
                || codePoint == 0x00A0
                || codePoint == 0x1680
                || (codePoint >= 0x2000 && codePoint <= 0x200A)
                || codePoint == 0x2028
                || codePoint == 0x2029
                || codePoint == 0x202F
                || codePoint == 0x205F
                || codePoint == 0x3000;
    }

    private static String textRule(int maxLength) {
        return "must be a string of 1 to "
                + maxLength
                + " characters, not blank, without control characters or unpaired surrogates";
    }

    private void reportMissing(String field) {
        if (object != null) {
            violations.add(pathOf(field), "is required");
        }
    }

    private JsonNode field(String field) {
        readFields.add(field);
        if (object == null) {
            return null;
        }
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private String text(String field, JsonNode node, int maxLength) {
        if (!node.isTextual() || !isCleanText(node.textValue(), maxLength)) {
            violations.add(pathOf(field), textRule(maxLength));
            return null;
        }
        return node.textValue();
    }

    private String id(String field, JsonNode node) {
        if (!node.isTextual() || !isId(node.textValue())) {
            violations.add(pathOf(field), "must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
            return null;
        }
        return node.textValue();
    }

    private long amount(String field, JsonNode node, boolean allowZero) {
        long micros = node.isTextual() ? Money.parseMicros(node.textValue()) : -1;
        if (micros < 0) {
            violations.add(
                    pathOf(field),
                    "must be a decimal string such as \"12.50\" with at most 6 fraction digits,"
                            + " no sign or exponent, at most 1000000000");
            return -1;
        }
        if (micros == 0 && !allowZero) {
            violations.add(pathOf(field), "must be greater than zero");
            return -1;
        }
        return micros;
    }
}
