package dev.provisioning.worker.bootstrap;

import dev.provisioning.contracts.ProvisioningResult;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Prints result counts grouped by status, code and reason as an aligned text table. */
final class ResultTable {
    private static final String NO_REASON = "-";

    private ResultTable() {}

    /** One row of the table. */
    record Row(String status, String code, String reason, long count) {}

    /** Groups the results; successes come first, then rejections by falling count. */
    static List<Row> rows(List<ProvisioningResult> results) {
        Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(List::toString));
        for (ProvisioningResult result : results) {
            String reason =
                    result.reason() == null || result.reason().isEmpty()
                            ? NO_REASON
                            : result.reason();
            counts.merge(
                    List.of(result.status().name(), result.code().name(), reason), 1L, Long::sum);
        }
        return counts.entrySet().stream()
                .map(
                        e ->
                                new Row(
                                        e.getKey().get(0),
                                        e.getKey().get(1),
                                        e.getKey().get(2),
                                        e.getValue()))
                .sorted(
                        Comparator.comparing((Row row) -> !row.status().equals("SUCCEEDED"))
                                .thenComparing(Row::count, Comparator.reverseOrder())
                                .thenComparing(Row::code)
                                .thenComparing(Row::reason))
                .toList();
    }

    static void print(PrintWriter out, List<ProvisioningResult> results) {
        String format = "    %-10s %-20s %-26s %8s%n";
        out.printf(format, "status", "code", "reason", "count");
        for (Row row : rows(results)) {
            out.printf(format, row.status(), row.code(), row.reason(), row.count());
        }
        out.printf(format, "", "", "total", results.size());
    }
}
