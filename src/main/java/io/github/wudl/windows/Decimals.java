package io.github.wudl.windows;

import com.sun.jna.Pointer;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * DECIMAL, the type of WUA's byte counts: 16 bytes of {@code wReserved} (the VARIANT's vt when inside one),
 * {@code scale} (0..28), {@code sign} (0x80 = negative), {@code Hi32} and {@code Lo64}; the value is the
 * 96-bit unsigned integer Hi32:Lo64 divided by 10^scale. Converted exactly: no double on the way.
 */
final class Decimals {
    static final int SIZE = 16;
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Decimals() {}

    /** The DECIMAL at {@code p}, exactly. Refuses a scale above 28, which no valid DECIMAL has. */
    static BigDecimal read(Pointer p) {
        int scale = p.getByte(2) & 0xFF;
        int sign = p.getByte(3) & 0xFF;
        if (scale > 28) {
            throw new IllegalArgumentException("not a DECIMAL: scale " + scale + " (at most 28)");
        }
        BigInteger hi = BigInteger.valueOf(p.getInt(4) & 0xFFFF_FFFFL);
        long lo64 = p.getLong(8);
        BigInteger lo = BigInteger.valueOf(lo64 & Long.MAX_VALUE)
                .add(lo64 < 0 ? BigInteger.ONE.shiftLeft(63) : BigInteger.ZERO);
        BigDecimal value = new BigDecimal(hi.multiply(TWO_64).add(lo), scale);
        return (sign & 0x80) != 0 ? value.negate() : value;
    }

    /** A byte count: the DECIMAL at {@code p} as a whole, non-negative {@code long}, or an exception saying why not. */
    static long readByteCount(Pointer p, String what) {
        BigDecimal d = read(p);
        try {
            long v = d.stripTrailingZeros().longValueExact();
            if (v < 0) {
                throw new ArithmeticException("negative");
            }
            return v;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " is " + d.toPlainString() + ", not a byte count");
        }
    }

    /** Writes {@code value} as a DECIMAL at {@code p} (the two leading bytes are left alone: they are vt in a VARIANT). */
    static void write(Pointer p, BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        if (v.scale() > 28) {
            throw new IllegalArgumentException(value + " has more than 28 decimal places");
        }
        BigInteger unscaled = v.unscaledValue().abs();
        if (unscaled.bitLength() > 96) {
            throw new IllegalArgumentException(value + " does not fit a DECIMAL (96 bits)");
        }
        p.setByte(2, (byte) v.scale());
        p.setByte(3, (byte) (v.signum() < 0 ? 0x80 : 0));
        p.setInt(4, unscaled.shiftRight(64).intValue());
        p.setLong(8, unscaled.longValue());
    }
}
