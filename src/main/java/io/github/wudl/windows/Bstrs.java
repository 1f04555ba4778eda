package io.github.wudl.windows;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.OleAuto;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BSTRs: a pointer to UTF-16LE characters, preceded by their length in bytes as a 32-bit number and followed
 * by a NUL. Reading needs no Windows library; allocating and freeing goes through an {@link Allocator}:
 * oleaut32's SysAllocString/SysFreeString on Windows, plain native memory in tests.
 */
final class Bstrs {
    /** Allocates and frees BSTRs. */
    interface Allocator {
        Pointer allocate(String s);

        void free(Pointer bstr);
    }

    private Bstrs() {}

    /** The text of {@code bstr}; a null BSTR is the empty string, as COM defines it. */
    static String read(Pointer bstr) {
        if (bstr == null) {
            return "";
        }
        int bytes = bstr.getInt(-4);
        if (bytes < 0 || (bytes & 1) != 0) {
            throw new IllegalStateException("not a BSTR: its length prefix is " + bytes + " bytes");
        }
        return new String(bstr.getByteArray(0, bytes), StandardCharsets.UTF_16LE);
    }

    /** oleaut32 (Windows only: loading it elsewhere fails). */
    static Allocator oleAut() {
        return OleAutAllocator.INSTANCE;
    }

    private enum OleAutAllocator implements Allocator {
        INSTANCE;

        @Override
        public Pointer allocate(String s) {
            Pointer p = OleAuto.INSTANCE.SysAllocString(s).getPointer();
            if (p == null) {
                throw new OutOfMemoryError("SysAllocString of " + s.length() + " characters");
            }
            return p;
        }

        @Override
        public void free(Pointer bstr) {
            if (bstr != null) {
                OleAuto.INSTANCE.SysFreeString(new com.sun.jna.platform.win32.WTypes.BSTR(bstr));
            }
        }
    }

    /**
     * BSTRs laid out exactly as oleaut32 lays them out, in JNA memory: for tests on any OS. Remembers what it
     * allocated, so a test can check that everything allocated was freed once.
     */
    static final class InMemory implements Allocator {
        private final Map<Long, Memory> live = new ConcurrentHashMap<>();

        @Override
        public Pointer allocate(String s) {
            byte[] chars = s.getBytes(StandardCharsets.UTF_16LE);
            Memory m = new Memory(4L + chars.length + 2);
            m.setInt(0, chars.length);
            m.write(4, chars, 0, chars.length);
            m.setShort(4L + chars.length, (short) 0);
            Pointer bstr = m.share(4);
            live.put(Pointer.nativeValue(bstr), m);
            return bstr;
        }

        @Override
        public void free(Pointer bstr) {
            if (bstr != null && live.remove(Pointer.nativeValue(bstr)) == null) {
                throw new IllegalStateException("freed a BSTR twice or one not allocated here");
            }
        }

        int live() {
            return live.size();
        }
    }
}
