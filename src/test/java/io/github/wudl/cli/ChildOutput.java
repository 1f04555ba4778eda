package io.github.wudl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Collects a child wudl's merged output on a reader thread and lets a test wait for its first progress line
 * (a line starting with '['). The wait also ends when the output ends, so a child that stops without any
 * progress fails the test at once instead of after the timeout.
 */
final class ChildOutput {
    private final StringBuilder text = new StringBuilder();
    private final CountDownLatch progress = new CountDownLatch(1);
    private final Thread reader;
    private volatile boolean sawProgress;

    ChildOutput(Process p) {
        reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            synchronized (text) {
                                text.append(line).append('\n');
                            }
                            if (line.startsWith("[")) {
                                sawProgress = true;
                                progress.countDown();
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                    progress.countDown();
                },
                "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** True when a progress line arrived (false also when the output ended first). */
    boolean awaitProgress(long seconds) throws InterruptedException {
        return progress.await(seconds, TimeUnit.SECONDS) && sawProgress;
    }

    /** Waits up to {@code millis} for the output to end. */
    void join(long millis) throws InterruptedException {
        reader.join(millis);
    }

    String text() {
        synchronized (text) {
            return text.toString();
        }
    }
}
