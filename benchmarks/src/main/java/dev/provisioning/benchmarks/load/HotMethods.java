package dev.provisioning.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of this JVM with the JDK's "profile" settings, and a count of its
 * execution samples by the method on top of the stack, for the worker's threads only.
 */
final class HotMethods {

    /**
     * One method and its share of the samples.
     *
     * @param method class and method name
     * @param samples execution samples with this method on top
     * @param share samples divided by all samples of the selected threads
     */
    record Hot(String method, long samples, double share) {}

    private final Recording recording;

    private HotMethods(Recording recording) {
        this.recording = recording;
    }

    static HotMethods start() throws IOException, java.text.ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("load-harness-w");
        recording.start();
        return new HotMethods(recording);
    }

    /** Stops the recording and writes it to the file. */
    void stopAndDump(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }

    /**
     * Counts execution samples of threads whose name passes the filter, by top frame, and by the
     * first frame in the given package for "own code" attribution.
     */
    static Map<String, List<Hot>> top(
            Path file, Predicate<String> threadFilter, String ownPackage, int limit)
            throws IOException {
        Map<String, Long> leaf = new HashMap<>();
        Map<String, Long> own = new HashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedThread thread = event.getThread("sampledThread");
            RecordedStackTrace stack = event.getStackTrace();
            if (thread == null || stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            String name = thread.getJavaName() == null ? "" : thread.getJavaName();
            if (!threadFilter.test(name)) {
                continue;
            }
            total++;
            leaf.merge(describe(stack.getFrames().get(0)), 1L, Long::sum);
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(ownPackage)) {
                    own.merge(describe(frame), 1L, Long::sum);
                    break;
                }
            }
        }
        return Map.of("leaf", rank(leaf, total, limit), "ownCode", rank(own, total, limit));
    }

    private static List<Hot> rank(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(
                        e ->
                                new Hot(
                                        e.getKey(),
                                        e.getValue(),
                                        total == 0 ? 0 : e.getValue() / (double) total))
                .toList();
    }

    private static String describe(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}
