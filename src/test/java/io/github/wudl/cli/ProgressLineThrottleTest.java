package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProgressLineThrottleTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ProgressLineThrottle throttle = new ProgressLineThrottle(clock::get);

    @Test
    void firstSnapshotAlwaysGetsALine() {
        assertTrue(throttle.shouldEmit(0));
        assertEquals(0, throttle.lastPercent());
    }

    @Test
    void fastDownloadGetsOneLinePerTenPercentNotMore() {
        // 1 % every 100 ms: the 10 % rule fires every second, before the 2 s rule
        List<Integer> at = replay(100, 1.0, 1000);
        assertEquals(List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100), at);
    }

    @Test
    void slowDownloadGetsOneLineEveryTwoSeconds() {
        // 0.1 % every 100 ms: the 2 s rule fires, every 20 snapshots
        List<Long> times = new ArrayList<>();
        for (int i = 0; i <= 200; i++) {
            if (throttle.shouldEmit(i / 10)) {
                times.add(clock.get());
            }
            clock.addAndGet(100);
        }
        assertEquals(11, times.size(), "200 snapshots over 20 s: a line at 0 s and every 2 s");
        for (int i = 1; i < times.size(); i++) {
            assertEquals(2000, times.get(i) - times.get(i - 1));
        }
    }

    @Test
    void neverTwoLinesWithinTwoSecondsAndTenPercent() {
        // irregular progress: bursts and stalls
        long[] gaps = {10, 10, 500, 3000, 10, 10, 10, 1999, 1, 2500, 50};
        int[] steps = {3, 4, 2, 0, 9, 1, 5, 0, 10, 0, 7};
        int percent = 0;
        long lastAt = Long.MIN_VALUE / 2;
        int lastPercent = -100;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < gaps.length; i++) {
                clock.addAndGet(gaps[i]);
                percent = Math.min(100, percent + steps[i]);
                if (throttle.shouldEmit(percent)) {
                    boolean timeRule = clock.get() - lastAt >= 2000;
                    boolean percentRule = percent - lastPercent >= 10;
                    assertTrue(timeRule || percentRule, "flooded at " + clock.get() + " / " + percent + "%");
                    lastAt = clock.get();
                    lastPercent = percent;
                } else {
                    assertTrue(
                            clock.get() - lastAt < 2000 && percent - lastPercent < 10,
                            "silent although a line was due at " + clock.get() + " / " + percent + "%");
                }
            }
        }
    }

    @Test
    void stalledProgressStillGetsAHeartbeatLine() {
        assertTrue(throttle.shouldEmit(42));
        clock.addAndGet(1999);
        assertFalse(throttle.shouldEmit(42));
        clock.addAndGet(1);
        assertTrue(throttle.shouldEmit(42));
    }

    private List<Integer> replay(long stepMillis, double percentPerStep, int steps) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            int p = (int) Math.min(100, i * percentPerStep);
            if (throttle.shouldEmit(p)) {
                at.add(p);
            }
            clock.addAndGet(stepMillis);
            if (p == 100) {
                break;
            }
        }
        return at;
    }
}
