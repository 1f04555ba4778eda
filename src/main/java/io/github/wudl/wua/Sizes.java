package io.github.wudl.wua;

import java.util.Locale;

/**
 * Byte counts: sums that cannot wrap, and the one way wudl writes a count for people.
 *
 * <p>A catalog may give each file up to 2^53 bytes, and about a thousand of those overflow a {@code long},
 * which once made a selection of 8 EiB look like "0 B" and pass the free-space check. A sum that would pass
 * {@link Long#MAX_VALUE} stays there ({@link #SATURATED}), which no disk has free, so such a total is always
 * refused; {@link #isSaturated} lets messages say "more than".
 *
 * <p>{@link #format} writes binary units ({@code 512 B}, {@code 12.0 MiB}) for progress, listings and
 * summaries; {@link #formatPrecise} adds a decimal below ten of a unit where two nearby counts are compared.
 */
public final class Sizes {
    /** The value of a sum that did not fit. */
    public static final long SATURATED = Long.MAX_VALUE;

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {}

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

    /** {@code 512 B}, {@code 12.0 MiB}: binary units, one decimal above bytes. Negative → {@code 0 B}. */
    public static String format(long bytes) {
        return format(bytes, false);
    }

    /**
     * {@link #format}, with two decimals below ten of a unit: {@code 1.50 GiB}, {@code 12.0 GiB}. For a
     * message that sets two counts side by side ("needs 1.52 GiB more but only 1.48 GiB is free"), where one
     * decimal could print the same number twice.
     */
    public static String formatPrecise(long bytes) {
        return format(bytes, true);
    }

    private static String format(long n, boolean precise) {
        if (n < 1024) {
            return Math.max(0, n) + " B";
        }
        double v = n;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        // 1023.96 KiB would round to "1024.0 KiB"; show it as the next unit instead
        if (v >= 1023.95 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, precise && v < 10 ? "%.2f %s" : "%.1f %s", v, UNITS[unit]);
    }
}
