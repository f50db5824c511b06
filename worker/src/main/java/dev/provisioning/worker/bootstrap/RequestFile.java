package dev.provisioning.worker.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.provisioning.contracts.FieldReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the requests of a file for {@code send}: NDJSON with one request object per line, or CSV of
 * subprojects to create under one account.
 *
 * <p>A CSV file has the header {@code parentProjectId,displayName,externalRef,labels}, with labels
 * written as {@code key=value;key2=value2}. Fields may be double-quoted, with {@code ""} for a
 * quote inside. The requestId of a row is {@code csv-<accountId>-} and 24 hex digits of SHA-256
 * over the file name and the row's text, so sending the same file again repeats the same requests
 * and the worker returns their first results.
 */
final class RequestFile {
    static final String CSV_HEADER = "parentProjectId,displayName,externalRef,labels";
    private static final int HASH_HEX_DIGITS = 24;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestFile() {}

    /**
     * One request to send.
     *
     * @param source where it came from, such as {@code row 7} or {@code line 3}
     * @param accountId the record key
     * @param requestId the requestId inside the value
     * @param value the record value, UTF-8 JSON
     */
    record Entry(String source, String accountId, String requestId, byte[] value) {}

    /** A file with lines that cannot become requests; lists each problem. */
    static final class InvalidFileException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        InvalidFileException(List<String> problems) {
            super(String.join("; ", problems), null, false, false);
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /**
     * Reads every request of the file.
     *
     * @param accountId the account of every CSV row; must be null for NDJSON
     * @throws InvalidFileException if any line cannot become a request
     */
    static List<Entry> read(Path file, String accountId, Instant issuedAt)
            throws IOException, InvalidFileException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        List<Entry> entries =
                isCsv(file)
                        ? readCsv(
                                file.getFileName().toString(), lines, accountId, issuedAt, problems)
                        : readNdjson(lines, problems);
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems);
        }
        return entries;
    }

    private static List<Entry> readNdjson(List<String> lines, List<String> problems) {
        List<Entry> entries = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            String source = "line " + (index + 1);
            if (line.isBlank()) {
                continue;
            }

            JsonNode root;
            try {
                root = MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                problems.add(source + ": not JSON (" + e.getOriginalMessage() + ")");
                continue;
            }
            String requestId = validId(root, "requestId");
            String accountId = validId(root, "accountId");
            if (requestId == null || accountId == null) {
                problems.add(
                        source
                                + ": missing or invalid requestId or accountId; each must be 1 to"
                                + " 128 characters of A-Z a-z 0-9 . _ : -");
                continue;
            }
            entries.add(
                    new Entry(source, accountId, requestId, line.getBytes(StandardCharsets.UTF_8)));
        }
        return entries;
    }

    private static String validId(JsonNode root, String field) {
        JsonNode node = root == null ? null : root.get(field);
        if (node == null
                || !node.isTextual()
                || !FieldReader.ID.matcher(node.textValue()).matches()) {
            return null;
        }
        return node.textValue();
    }

    private static List<Entry> readCsv(
            String fileName,
            List<String> lines,
            String accountId,
            Instant issuedAt,
            List<String> problems) {
        if (lines.isEmpty() || !stripByteOrderMark(lines.get(0)).strip().equals(CSV_HEADER)) {
            problems.add("line 1: missing CSV header; expected exactly " + CSV_HEADER);
            return List.of();
        }

        List<Entry> entries = new ArrayList<>();
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index);
            String source = "row " + index;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = CsvLine.split(line);
            if (fields == null || fields.size() != 4) {
                problems.add(source + ": expected 4 comma-separated fields (" + CSV_HEADER + ")");
                continue;
            }
            Map<String, String> labels = labels(fields.get(3), source, problems);
            String requestId = "csv-" + accountId + "-" + rowHash(fileName, line);
            if (!FieldReader.ID.matcher(requestId).matches()) {
                problems.add(
                        source
                                + ": accountId "
                                + accountId
                                + " makes the requestId longer than 128 characters or invalid");
                continue;
            }
            byte[] value = subprojectCreate(requestId, accountId, issuedAt, fields, labels);
            entries.add(new Entry(source, accountId, requestId, value));
        }
        return entries;
    }

    private static Map<String, String> labels(String text, String source, List<String> problems) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text.isBlank()) {
            return labels;
        }
        for (String pair : text.split(";")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                problems.add(source + ": invalid label \"" + pair + "\"; expected key=value");
                continue;
            }
            labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return labels;
    }

    private static byte[] subprojectCreate(
            String requestId,
            String accountId,
            Instant issuedAt,
            List<String> fields,
            Map<String, String> labels) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("parentProjectId", fields.get(0).strip());
        payload.put("displayName", fields.get(1));
        if (!fields.get(2).isBlank()) {
            payload.put("externalRef", fields.get(2).strip());
        }
        if (!labels.isEmpty()) {
            payload.put("labels", labels);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("specVersion", "1");
        request.put("requestId", requestId);
        request.put("accountId", accountId);
        request.put("type", "subproject.create");
        request.put("issuedAt", issuedAt.toString());
        request.put("payload", payload);
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("request " + requestId + " is not serializable", e);
        }
    }

    /** Returns 24 hex digits of SHA-256 over the file name and the row's text. */
    static String rowHash(String fileName, String row) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((fileName + '\n' + row).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String stripByteOrderMark(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
