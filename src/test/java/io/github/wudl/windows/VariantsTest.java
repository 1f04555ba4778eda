package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** VARIANT, DECIMAL, BSTR and VARIANT_BOOL in real native memory, laid out as oleaut32 lays them out. */
class VariantsTest {
    private final Bstrs.InMemory bstrs = new Bstrs.InMemory();

    private static Memory decimal(int scale, boolean negative, int hi32, long lo64) {
        Memory m = new Memory(Decimals.SIZE);
        m.clear();
        m.setShort(0, Variants.VT_DECIMAL);
        m.setByte(2, (byte) scale);
        m.setByte(3, (byte) (negative ? 0x80 : 0));
        m.setInt(4, hi32);
        m.setLong(8, lo64);
        return m;
    }

    @Test
    void variantSizeFollowsThePointerSize() {
        assertEquals(Native.POINTER_SIZE == 8 ? 24 : 16, Variants.SIZE);
    }

    @Test
    void decimalByteCountsAreExact() {
        // 2^53 + 1 is where a double would lose the last byte
        long beyondDouble = (1L << 53) + 1;
        assertEquals(beyondDouble, Decimals.readByteCount(decimal(0, false, 0, beyondDouble), "x"));
        // the low 64 bits read unsigned: 2^64 - 1
        assertEquals(
                new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
                Decimals.read(decimal(0, false, 0, -1L)));
        // Hi32 counts 2^64s: 1 * 2^64 + 5
        assertEquals(
                new BigDecimal(BigInteger.ONE.shiftLeft(64).add(BigInteger.valueOf(5))),
                Decimals.read(decimal(0, false, 1, 5)));
        // the largest DECIMAL: 2^96 - 1
        assertEquals(
                new BigDecimal(BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE)),
                Decimals.read(decimal(0, false, -1, -1L)));
    }

    @Test
    void decimalScaleAndSign() {
        assertEquals(new BigDecimal("-12.345"), Decimals.read(decimal(3, true, 0, 12345)));
        // a scaled whole number is still a byte count: 1500.00
        assertEquals(1500, Decimals.readByteCount(decimal(2, false, 0, 150000), "x"));
        IllegalArgumentException fraction = assertThrows(
                IllegalArgumentException.class,
                () -> Decimals.readByteCount(decimal(1, false, 0, 15), "TotalBytesDownloaded"));
        assertEquals("TotalBytesDownloaded is 1.5, not a byte count", fraction.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decimals.readByteCount(decimal(0, true, 0, 1), "x"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Decimals.readByteCount(decimal(0, false, 1, 0), "x"),
                "2^64 does not fit a long");
        assertThrows(IllegalArgumentException.class, () -> Decimals.read(decimal(29, false, 0, 1)));
    }

    @Test
    void decimalRoundTripsThroughAVariant() {
        Memory v = Variants.allocate();
        for (String s : new String[] {
            "0",
            "1",
            "-1",
            "4294967296",
            "18446744073709551616",
            "79228162514264337593543950335",
            "-0.0000000000000000000000000001",
            "123.456"
        }) {
            BigDecimal d = new BigDecimal(s);
            Variants.write(v, d, bstrs);
            assertEquals(Variants.VT_DECIMAL, Variants.type(v));
            assertEquals(0, d.compareTo((BigDecimal) Variants.read(v)), s);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Variants.write(v, new BigDecimal(BigInteger.ONE.shiftLeft(96)), bstrs),
                "2^96 is too large");
    }

    @Test
    void bstrsAreLengthPrefixedUtf16() {
        String text = "KB5099999 — Größe ✓ \uD83D\uDE00";
        Memory v = Variants.allocate();
        Variants.write(v, text, bstrs);
        assertEquals(Variants.VT_BSTR, Variants.type(v));
        com.sun.jna.Pointer b = v.getPointer(8);
        assertEquals(text.length() * 2, b.getInt(-4), "the prefix counts bytes, not characters");
        assertEquals(0, b.getShort(text.length() * 2L), "NUL-terminated");
        assertEquals(text, Variants.read(v));
        assertEquals(1, bstrs.live());
        Variants.clear(v, bstrs);
        assertEquals(0, bstrs.live(), "VariantClear frees the BSTR");
        assertEquals(Variants.VT_EMPTY, Variants.type(v));
        assertEquals("", Bstrs.read(null), "a null BSTR is the empty string");
        // a BSTR may hold NULs: the prefix, not the terminator, gives the length
        Memory embedded = Variants.allocate();
        Variants.write(embedded, "a\0b", bstrs);
        assertEquals("a\0b", Variants.read(embedded));
        Variants.clear(embedded, bstrs);
    }

    @Test
    void variantBoolIsMinusOneOrZero() {
        Memory v = Variants.allocate();
        Variants.write(v, true, bstrs);
        assertEquals(Variants.VT_BOOL, Variants.type(v));
        assertEquals(-1, v.getShort(8));
        assertEquals(true, Variants.read(v));
        Variants.write(v, false, bstrs);
        assertEquals(0, v.getShort(8));
        assertEquals(false, Variants.read(v));
        v.setShort(8, (short) 1); // not canonical, but not false: read as true, as VB does
        assertEquals(true, Variants.read(v));
    }

    @Test
    void numbersEmptyAndDates() {
        Memory v = Variants.allocate();
        assertNull(Variants.read(v), "VT_EMPTY");
        v.setShort(0, Variants.VT_NULL);
        assertNull(Variants.read(v));
        Variants.write(v, 42, bstrs);
        assertEquals(Variants.VT_I4, Variants.type(v));
        assertEquals(42, Variants.read(v));
        Variants.write(v, 1L << 40, bstrs);
        assertEquals(1L << 40, Variants.read(v));
        v.clear(Variants.SIZE);
        v.setShort(0, Variants.VT_UI4);
        v.setInt(8, -1);
        assertEquals(0xFFFF_FFFFL, Variants.read(v));
        v.setShort(0, Variants.VT_DATE);
        v.setDouble(8, 46337.75); // 2026-11-11 18:00 UTC in OLE Automation days
        assertEquals(Instant.parse("2026-11-11T18:00:00Z"), Variants.read(v));
        v.setShort(0, (short) 36); // VT_RECORD: never used by WUA's members
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variants.read(v));
        assertTrue(e.getMessage().contains("type 36"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variants.write(v, new Object(), bstrs));
    }

    @Test
    void freeingABstrTwiceIsCaught() {
        com.sun.jna.Pointer b = bstrs.allocate("x");
        bstrs.free(b);
        assertThrows(IllegalStateException.class, () -> bstrs.free(b));
    }
}
