package io.github.wudl.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * VARIANTs in native memory, read and written by offset: {@code vt} (a VARTYPE) at 0, the value at 8 (a
 * DECIMAL fills all 16 bytes from 0). 16 bytes on 32-bit, 24 on 64-bit. Only the types WUA's members use are
 * handled; anything else is refused by name rather than guessed.
 *
 * <p>Java values: VT_EMPTY/VT_NULL ↔ null, VT_BOOL (VARIANT_BOOL: -1 true, 0 false) ↔ Boolean, VT_I2/VT_I4/
 * VT_INT/VT_UI1/VT_UI2 → Integer (Integer → VT_I4), VT_I8/VT_UI4 → Long (Long → VT_I8), VT_R8 → Double,
 * VT_BSTR ↔ String, VT_DECIMAL ↔ BigDecimal, VT_DATE → Instant, VT_DISPATCH/VT_UNKNOWN ↔ {@link ComRef}.
 */
final class Variants {
    static final int SIZE = Native.POINTER_SIZE == 8 ? 24 : 16;

    static final short VT_EMPTY = 0;
    static final short VT_NULL = 1;
    static final short VT_I2 = 2;
    static final short VT_I4 = 3;
    static final short VT_R8 = 5;
    static final short VT_DATE = 7;
    static final short VT_BSTR = 8;
    static final short VT_DISPATCH = 9;
    static final short VT_BOOL = 11;
    static final short VT_UNKNOWN = 13;
    static final short VT_DECIMAL = 14;
    static final short VT_UI1 = 17;
    static final short VT_UI2 = 18;
    static final short VT_UI4 = 19;
    static final short VT_I8 = 20;
    static final short VT_INT = 22;
    static final short VT_BYREF = 0x4000;

    static final short VARIANT_TRUE = -1;
    static final short VARIANT_FALSE = 0;

    /** OLE Automation dates count days from 1899-12-30, fractions being the time of day. */
    private static final long OLE_EPOCH_MILLIS = -2_209_161_600_000L;

    private Variants() {}

    /** A zeroed (VT_EMPTY) VARIANT. */
    static Memory allocate() {
        Memory m = new Memory(SIZE);
        m.clear();
        return m;
    }

    static short type(Pointer v) {
        return v.getShort(0);
    }

    /**
     * The value of the VARIANT at {@code v}, as described on the class. Interfaces come back as a
     * {@link ComRef} that holds its own reference (AddRef'ed here), so the VARIANT may be cleared afterwards.
     */
    static Object read(Pointer v) {
        short vt = type(v);
        switch (vt) {
            case VT_EMPTY:
            case VT_NULL:
                return null;
            case VT_BOOL:
                return v.getShort(8) != VARIANT_FALSE;
            case VT_I2:
                return (int) v.getShort(8);
            case VT_I4:
            case VT_INT:
                return v.getInt(8);
            case VT_UI1:
                return v.getByte(8) & 0xFF;
            case VT_UI2:
                return v.getShort(8) & 0xFFFF;
            case VT_UI4:
                return v.getInt(8) & 0xFFFF_FFFFL;
            case VT_I8:
                return v.getLong(8);
            case VT_R8:
                return v.getDouble(8);
            case VT_DATE:
                return oleDate(v.getDouble(8));
            case VT_BSTR:
                return Bstrs.read(v.getPointer(8));
            case VT_DECIMAL:
                return Decimals.read(v);
            case VT_DISPATCH:
            case VT_UNKNOWN: {
                Pointer p = v.getPointer(8);
                return p == null ? null : ComRef.addRef(p);
            }
            default:
                throw new IllegalArgumentException("a VARIANT of type " + vt + " (0x" + Integer.toHexString(vt & 0xFFFF)
                        + "), which wudl does not read");
        }
    }

    /**
     * Writes {@code value} into the VARIANT at {@code v}. A String becomes a BSTR from {@code bstrs} and a
     * {@link ComRef} an AddRef'ed interface: {@link #clear} gives both back.
     */
    static void write(Pointer v, Object value, Bstrs.Allocator bstrs) {
        v.clear(SIZE);
        if (value == null) {
            v.setShort(0, VT_EMPTY);
        } else if (value instanceof Boolean b) {
            v.setShort(0, VT_BOOL);
            v.setShort(8, b ? VARIANT_TRUE : VARIANT_FALSE);
        } else if (value instanceof Integer i) {
            v.setShort(0, VT_I4);
            v.setInt(8, i);
        } else if (value instanceof Long l) {
            v.setShort(0, VT_I8);
            v.setLong(8, l);
        } else if (value instanceof String s) {
            v.setPointer(8, bstrs.allocate(s));
            v.setShort(0, VT_BSTR);
        } else if (value instanceof BigDecimal d) {
            Decimals.write(v, d);
            v.setShort(0, VT_DECIMAL);
        } else if (value instanceof ComRef r) {
            v.setPointer(8, r.pointer());
            Com.addRef(r.pointer());
            v.setShort(0, VT_DISPATCH);
        } else {
            throw new IllegalArgumentException(
                    "wudl does not pass a " + value.getClass().getSimpleName() + " to COM");
        }
    }

    /**
     * VariantClear for the types above: frees a BSTR, releases an interface, and leaves VT_EMPTY. Works
     * without oleaut32, so results of calls can be cleared the same way in tests.
     */
    static void clear(Pointer v, Bstrs.Allocator bstrs) {
        short vt = type(v);
        if (vt == VT_BSTR) {
            bstrs.free(v.getPointer(8));
        } else if (vt == VT_DISPATCH || vt == VT_UNKNOWN) {
            Com.release(v.getPointer(8));
        }
        v.clear(SIZE);
    }

    static Instant oleDate(double days) {
        return Instant.ofEpochMilli(OLE_EPOCH_MILLIS + Math.round(days * 86_400_000d));
    }
}
