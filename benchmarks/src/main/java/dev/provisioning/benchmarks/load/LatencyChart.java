package dev.provisioning.benchmarks.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws end-to-end latency (p50, p99, p99.9, log scale) against offered load as a PNG with Java2D,
 * with the B1a pass-through's p99 at half of W as a reference point.
 */
final class LatencyChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 40;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final String[] SERIES = {"p50Millis", "p99Millis", "p999Millis"};
    private static final String[] LABELS = {"p50", "p99", "p99.9"};
    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0xd62728)
    };

    private LatencyChart() {}

    static void write(
            Path file,
            List<Map<String, Object>> points,
            Map<String, Object> reference,
            String title)
            throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        double maxRate = 1;
        double maxLatency = 1;
        double minLatency = Double.MAX_VALUE;
        for (Map<String, Object> point : points) {
            maxRate = Math.max(maxRate, Report.number(point, "ratePerSecond"));
            for (String series : SERIES) {
                double value = Math.max(0.01, Report.number(point, series));
                maxLatency = Math.max(maxLatency, value);
                minLatency = Math.min(minLatency, value);
            }
        }
        double logMin = Math.floor(Math.log10(Math.min(minLatency, 1)));
        double logMax = Math.ceil(Math.log10(maxLatency * 1.05));
        Axes axes = new Axes(maxRate * 1.1, logMin, Math.max(logMax, logMin + 1));

        drawAxes(g, axes, title);
        for (int s = 0; s < SERIES.length; s++) {
            drawSeries(g, axes, points, SERIES[s], COLORS[s], LABELS[s], s);
        }
        drawReference(g, axes, reference);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawAxes(Graphics2D g, Axes axes, String title) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (int tick = 0; tick <= 5; tick++) {
            double rate = axes.maxRate * tick / 5;
            int x = axes.x(rate);
            g.setColor(new Color(0xdddddd));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,.0f", rate), x - 15, HEIGHT - BOTTOM + 18);
        }
        for (int decade = (int) axes.logMin; decade <= (int) axes.logMax; decade++) {
            int y = axes.y(Math.pow(10, decade));
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(formatMillis(Math.pow(10, decade)), 20, y + 4);
        }
        g.drawString("offered load (requests/s)", WIDTH / 2 - 70, HEIGHT - 25);
        g.drawString("latency (ms, log scale)", 10, TOP - 10);
    }

    private static void drawSeries(
            Graphics2D g,
            Axes axes,
            List<Map<String, Object>> points,
            String series,
            Color color,
            String label,
            int index) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        int previousX = -1;
        int previousY = -1;
        for (Map<String, Object> point : points) {
            int x = axes.x(Report.number(point, "ratePerSecond"));
            int y = axes.y(Math.max(0.01, Report.number(point, series)));
            g.fillOval(x - 4, y - 4, 8, 8);
            if (previousX >= 0) {
                g.drawLine(previousX, previousY, x, y);
            }
            previousX = x;
            previousY = y;
        }
        int legendY = TOP + 10 + index * 18;
        g.drawLine(WIDTH - RIGHT - 190, legendY, WIDTH - RIGHT - 165, legendY);
        g.drawString("worker " + label, WIDTH - RIGHT - 160, legendY + 4);
    }

    private static void drawReference(Graphics2D g, Axes axes, Map<String, Object> reference) {
        double rate = Report.number(reference, "ratePerSecond");
        double p99 = Report.number(reference, "p99Millis");
        if (Double.isNaN(rate) || Double.isNaN(p99)) {
            return;
        }
        int x = axes.x(rate);
        int y = axes.y(Math.max(0.01, p99));
        g.setColor(new Color(0x2ca02c));
        g.fillRect(x - 5, y - 5, 10, 10);
        int legendY = TOP + 10 + SERIES.length * 18;
        g.fillRect(WIDTH - RIGHT - 182, legendY - 5, 10, 10);
        g.drawString("B1a pass-through p99", WIDTH - RIGHT - 160, legendY + 4);
    }

    private static String formatMillis(double millis) {
        return millis >= 1
                ? String.format(Locale.ROOT, "%.0f", millis)
                : String.format(Locale.ROOT, "%.2f", millis);
    }

    /** Maps rates and latencies to pixels. */
    private record Axes(double maxRate, double logMin, double logMax) {
        int x(double rate) {
            return LEFT + (int) Math.round((WIDTH - LEFT - RIGHT) * rate / maxRate);
        }

        int y(double millis) {
            double fraction = (Math.log10(millis) - logMin) / (logMax - logMin);
            return HEIGHT - BOTTOM - (int) Math.round((HEIGHT - TOP - BOTTOM) * fraction);
        }
    }
}
