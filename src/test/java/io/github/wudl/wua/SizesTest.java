package io.github.wudl.wua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one byte formatter: progress and listings one decimal, messages that compare two counts two below ten. */
class SizesTest {
    @Test
    void formatsInBinaryUnits() {
        assertEquals("0 B", Sizes.format(-5));
        assertEquals("1023 B", Sizes.format(1023));
        assertEquals("1.5 KiB", Sizes.format(1536));
        assertEquals("1.0 MiB", Sizes.format((1L << 20) - 1), "no 1024.0 KiB");
        assertEquals("8.0 EiB", Sizes.format(Sizes.SATURATED));
    }

    @Test
    void preciseFormatKeepsTwoDecimalsBelowTen() {
        assertEquals("1023 B", Sizes.formatPrecise(1023));
        assertEquals("1.50 KiB", Sizes.formatPrecise(1536));
        assertEquals("1.52 GiB", Sizes.formatPrecise((long) (1.52 * (1L << 30))));
        assertEquals("11.0 MiB", Sizes.formatPrecise(11L << 20));
        assertEquals("1.00 MiB", Sizes.formatPrecise((1L << 20) - 1), "no 1024.0 KiB");
    }

    @Test
    void sumsSaturateInsteadOfWrapping() {
        assertEquals(3, Sizes.add(1, 2));
        assertEquals(Sizes.SATURATED, Sizes.add(Long.MAX_VALUE - 1, 2));
    }
}
