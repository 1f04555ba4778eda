package io.github.wudl.portable;

import io.github.wudl.wua.Sizes;
import java.util.Locale;

/** Byte counts for people: 1023 B, 1.5 KiB, 12.0 MiB, 2.00 GiB. */
final class Bytes {
    private Bytes() {
    }

    /** {@link #human} of a sum; "more than 8.0 EiB" for one that did not fit in a long ({@link Sizes}). */
    static String total(long bytes) {
        return Sizes.isSaturated(bytes) ? "more than 8.0 EiB" : human(bytes);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
    }
}
