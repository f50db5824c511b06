package dev.provisioning.worker.bootstrap;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line text progress bar that rewrites itself with a carriage return: done out of total, the
 * rate since start and the estimated time left. Redraws at most every 200 ms.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_INTERVAL_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final String label;
    private final int total;
    private final long startNanos = System.nanoTime();
    private long lastDrawNanos;

    ProgressBar(PrintWriter out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Redraws the bar if the last redraw is older than the interval. */
    void update(int done, String detail) {
        long now = System.nanoTime();
        if (now - lastDrawNanos < REDRAW_INTERVAL_NANOS) {
            return;
        }
        lastDrawNanos = now;
        draw(done, detail, now);
    }

    /** Draws the final state and ends the line. */
    void finish(int done, String detail) {
        draw(done, detail, System.nanoTime());
        out.println();
        out.flush();
    }

    private void draw(int done, String detail, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        String eta = rate > 0 && done < total ? Math.round((total - done) / rate) + "s" : "-";
        out.print(
                String.format(
                        Locale.ROOT,
                        "\r%s [%s%s] %d/%d %s %.0f/s ETA %s   ",
                        label,
                        "#".repeat(filled),
                        "-".repeat(WIDTH - filled),
                        done,
                        total,
                        detail,
                        rate,
                        eta));
        out.flush();
    }
}
