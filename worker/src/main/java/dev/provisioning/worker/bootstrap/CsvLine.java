package dev.provisioning.worker.bootstrap;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields, with RFC 4180 quoting but without line breaks in fields. */
final class CsvLine {
    private CsvLine() {}

    /** Returns the fields, or null if a quoted field is not closed or text follows its quote. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int index = 0;
        while (true) {
            if (index < line.length() && line.charAt(index) == '"') {
                index = readQuoted(line, index + 1, field);
                if (index < 0) {
                    return null;
                }
            } else {
                while (index < line.length() && line.charAt(index) != ',') {
                    field.append(line.charAt(index));
                    index++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (index >= line.length()) {
                return fields;
            }
            if (line.charAt(index) != ',') {
                return null;
            }
            index++;
        }
    }

    /** Appends a quoted field's text and returns the index after its closing quote, or -1. */
    private static int readQuoted(String line, int start, StringBuilder field) {
        int index = start;
        while (index < line.length()) {
            char next = line.charAt(index);
            if (next != '"') {
                field.append(next);
                index++;
            } else if (index + 1 < line.length() && line.charAt(index + 1) == '"') {
                field.append('"');
                index += 2;
            } else {
                return index + 1;
            }
        }
        return -1;
    }
}
