package io.github.wudl.wua;

/**
 * Sums of byte counts that cannot wrap: a catalog may give each file up to 2^53 bytes, and about a thousand
 * of those overflow a {@code long}, which once made a selection of 8 EiB look like "0 B" and pass the
 * free-space check. A sum that would pass {@link Long#MAX_VALUE} stays there ({@link #SATURATED}), which
 * no disk has free, so such a total is always refused; {@link #isSaturated} lets messages say "more than".
 */
public final class Sizes {
    /** The value of a sum that did not fit. */
    public static final long SATURATED = Long.MAX_VALUE;

    private Sizes() {
    }

    /** {@code a + b} for non-negative counts, or {@link #SATURATED} when it does not fit. */
    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return SATURATED;
        }
    }

    /** True when {@code total} is a sum that did not fit. */
    public static boolean isSaturated(long total) {
        return total == SATURATED;
    }
}
