package dev.provisioning.worker.bootstrap;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Prints the demo's summary: what was sent, what came back and whether the counts match. */
final class DemoReport {
    private static final int LISTED_IDS = 10;

    private DemoReport() {}

    /** Prints the summary and returns whether every record got exactly one answer. */
    static boolean print(
            PrintWriter out,
            AnswerLedger ledger,
            int sendFailures,
            double elapsedSeconds,
            Duration maxWait) {
        int sent = ledger.recordsSent();
        int unreadable = ledger.deadLettersExpected();
        int results = ledger.results().size();
        boolean exactlyOnce = sendFailures == 0 && ledger.isAnsweredExactlyOnce();

        out.println();
        out.println("Summary");
        out.printf(
                "  requests sent      %,d records (%,d requests, %,d unreadable on purpose)%n",
                sent, sent - unreadable, unreadable);
        out.printf(
                "  answers read       %,d (%,d results, %,d dead-letter records)%n",
                ledger.answersRead(), results, ledger.deadLettersRead());
        out.printf(
                Locale.ROOT,
                "  elapsed            %.1f s, %s requests per second (first send to last answer)%n",
                elapsedSeconds,
                DemoCommand.perSecond(ledger.answersRead(), elapsedSeconds));
        out.println("  results by status, code and reason:");
        ResultTable.print(out, ledger.results());
        out.printf(
                "  dead-letter records %,d (expected %,d)%n", ledger.deadLettersRead(), unreadable);
        if (sendFailures > 0) {
            out.printf("  records that failed to send: %,d (see the log above)%n", sendFailures);
        }
        printGaps(out, ledger, maxWait);
        out.println("every request answered exactly once: " + (exactlyOnce ? "yes" : "no"));
        out.flush();
        return exactlyOnce;
    }

    private static void printGaps(PrintWriter out, AnswerLedger ledger, Duration maxWait) {
        if (!ledger.isComplete()) {
            List<String> missing = ledger.unansweredRequestIds(LISTED_IDS);
            out.printf(
                    "  timed out after %s: %,d of %,d answers missing%s%n",
                    maxWait,
                    ledger.recordsSent() - Math.min(ledger.answersRead(), ledger.recordsSent()),
                    ledger.recordsSent(),
                    missing.isEmpty() ? "" : "; requestIds without a result include " + missing);
        }
        List<String> repeated = ledger.overAnsweredRequestIds(LISTED_IDS);
        if (!repeated.isEmpty()) {
            out.println("  requestIds with more results than records sent: " + repeated);
        }
        if (ledger.deadLettersRead() > ledger.deadLettersExpected()) {
            out.printf(
                    "  %,d more dead-letter records than unreadable records sent%n",
                    ledger.deadLettersRead() - ledger.deadLettersExpected());
        }
    }
}
