package io.github.wudl.testing;

import java.util.concurrent.CountDownLatch;

/**
 * Misbehaviour of one path of a {@link ContentServer}, changeable while the server runs. Obtain with
 * {@link ContentServer#faults(String)}; every method returns {@code this} so calls chain. Counted faults
 * ({@code times}) are consumed by the requests that get them, in arrival order; HEAD requests consume them too.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor.
 */
public final class Faults {
    private long throttleBytesPerSecond;
    private long dropAfterBytes;
    private int dropTimes;
    private boolean ignoreRange;
    private boolean wrongBytes;
    private int failStatus;
    private int failTimes;
    private String failRetryAfter;
    private long stallAfterBytes;
    private int stallTimes;
    private long declaredLength = -1;
    private int lieTimes;
    private boolean noContentLength;
    private boolean wrongContentRange;
    private long holdAfterBytes = -1;
    private CountDownLatch hold = new CountDownLatch(0);

    Faults() {}

    /** Sends body bytes at most at this rate (0 = unlimited). */
    public synchronized Faults throttle(long bytesPerSecond) {
        this.throttleBytesPerSecond = bytesPerSecond;
        return this;
    }

    /** The next {@code times} responses close the socket after {@code bytes} body bytes of that response. */
    public synchronized Faults dropAfter(long bytes, int times) {
        this.dropAfterBytes = bytes;
        this.dropTimes = times;
        return this;
    }

    /** Always answers 200 with the full body, ignoring Range. */
    public synchronized Faults ignoreRange() {
        this.ignoreRange = true;
        return this;
    }

    /** Sends corrupted bytes (every byte inverted), with the right length and the real ETag. */
    public synchronized Faults wrongBytes() {
        this.wrongBytes = true;
        return this;
    }

    /** The next {@code times} requests get {@code status} with a short body. */
    public Faults failNext(int status, int times) {
        return failNext(status, times, null);
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header (seconds or an HTTP date) if not null. */
    public synchronized Faults failNext(int status, int times, String retryAfter) {
        this.failStatus = status;
        this.failTimes = times;
        this.failRetryAfter = retryAfter;
        return this;
    }

    /**
     * The next {@code times} responses send {@code bytes} body bytes, then stop sending without closing
     * until {@link ContentServer#releaseStalls()} or {@link ContentServer#close()} (then the socket closes).
     */
    public synchronized Faults stallAfter(long bytes, int times) {
        this.stallAfterBytes = bytes;
        this.stallTimes = times;
        return this;
    }

    /** {@link #stallAfter(long, int)} for every following response. */
    public Faults stallAfter(long bytes) {
        return stallAfter(bytes, Integer.MAX_VALUE);
    }

    /**
     * Announces {@code Content-Length: declared} (and Content-Range totals accordingly) but sends the real
     * body, then closes the connection. Negative = tell the truth.
     */
    public Faults lieAboutLength(long declared) {
        return lieAboutLength(declared, Integer.MAX_VALUE);
    }

    /** {@link #lieAboutLength(long)} for the next {@code times} responses only. */
    public synchronized Faults lieAboutLength(long declared, int times) {
        this.declaredLength = declared;
        this.lieTimes = times;
        return this;
    }

    /** Sends no Content-Length: the body ends when the server closes the connection. */
    public synchronized Faults noContentLength() {
        this.noContentLength = true;
        return this;
    }

    /** Answers a range request with 206 and a Content-Range that starts one byte early (the body as asked). */
    public synchronized Faults wrongContentRange() {
        this.wrongContentRange = true;
        return this;
    }

    /**
     * Every following response sends {@code bytes} body bytes, then waits with its connection open until
     * {@link #releaseHolds()} (or {@link ContentServer#close()}), then sends the rest: a gate that keeps a
     * transfer in flight for as long as a test needs, without the connection closing as a stall's does.
     */
    public synchronized Faults holdAfter(long bytes) {
        this.holdAfterBytes = bytes;
        this.hold = new CountDownLatch(1);
        return this;
    }

    /** Lets every held response of this path go on; responses that arrive later are not held. */
    public synchronized Faults releaseHolds() {
        hold.countDown();
        holdAfterBytes = -1;
        return this;
    }

    /** Removes every fault of this path. */
    public synchronized Faults clear() {
        throttleBytesPerSecond = 0;
        dropTimes = 0;
        ignoreRange = false;
        wrongBytes = false;
        failTimes = 0;
        stallTimes = 0;
        declaredLength = -1;
        lieTimes = 0;
        noContentLength = false;
        wrongContentRange = false;
        releaseHolds();
        return this;
    }

    /** What one request gets: counted faults are consumed here, atomically. */
    synchronized Plan claim() {
        Plan p = new Plan();
        p.throttle = throttleBytesPerSecond;
        p.ignoreRange = ignoreRange;
        p.wrongBytes = wrongBytes;
        if (lieTimes > 0 && declaredLength >= 0) {
            p.declaredLength = declaredLength;
        }
        p.noContentLength = noContentLength;
        p.wrongContentRange = wrongContentRange;
        p.holdAfter = holdAfterBytes;
        p.hold = hold;
        if (p.declaredLength >= 0 && lieTimes != Integer.MAX_VALUE) {
            lieTimes--;
        }
        if (failTimes > 0) {
            failTimes--;
            p.failStatus = failStatus;
            p.retryAfter = failRetryAfter;
            return p;
        }
        if (dropTimes > 0) {
            dropTimes--;
            p.dropAfter = dropAfterBytes;
        }
        if (stallTimes > 0) {
            stallTimes--;
            p.stallAfter = stallAfterBytes;
        }
        return p;
    }

    /** The faults applied to one response. */
    static final class Plan {
        long throttle;
        boolean ignoreRange;
        boolean wrongBytes;
        int failStatus;
        String retryAfter;
        long dropAfter = -1;
        long stallAfter = -1;
        long declaredLength = -1;
        boolean noContentLength;
        boolean wrongContentRange;
        long holdAfter = -1;
        CountDownLatch hold;
    }
}
