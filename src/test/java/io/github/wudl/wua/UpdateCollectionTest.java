package io.github.wudl.wua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateCollectionTest {
    static Update fake(String title) {
        return (Update) Proxy.newProxyInstance(
                Update.class.getClassLoader(), new Class<?>[] {Update.class}, (p, m, a) -> switch (m.getName()) {
                    case "title", "toString" -> title;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void addInsertRemoveKeepOrder() {
        UpdateCollection c = new UpdateCollection();
        Update a = fake("a");
        Update b = fake("b");
        Update x = fake("x");
        assertEquals(0, c.add(a));
        assertEquals(1, c.add(b));
        c.insert(1, x);
        assertEquals(3, c.count());
        assertSame(x, c.item(1));
        c.removeAt(0);
        assertSame(x, c.item(0));
        List<Update> seen = new ArrayList<>();
        c.forEach(seen::add);
        assertEquals(List.of(x, b), seen);
        assertFalse(c.readOnly());
    }

    @Test
    void readOnlySnapshotRefusesEveryChangeWithNotSupported() {
        UpdateCollection c = new UpdateCollection();
        c.add(fake("a"));
        UpdateCollection ro = c.readOnlySnapshot();
        assertTrue(ro.readOnly());
        for (Runnable change : List.<Runnable>of(
                () -> ro.add(fake("b")),
                ro::clear,
                () -> ro.removeAt(0),
                () -> ro.insert(0, fake("c")),
                () -> ro.setItem(0, fake("d")))) {
            WuaException e = assertThrows(WuaException.class, change::run);
            assertEquals(HResult.WU_E_NOT_SUPPORTED.code(), e.hresult());
        }
        c.add(fake("later"));
        assertEquals(1, ro.count(), "a snapshot does not follow its source");
        UpdateCollection copy = ro.copy();
        assertFalse(copy.readOnly());
        copy.add(fake("e"));
        assertEquals(2, copy.count());
    }

    @Test
    void badIndexIsInvalidIndexAndNullIsPointerError() {
        UpdateCollection c = new UpdateCollection();
        assertEquals(
                HResult.WU_E_INVALIDINDEX.code(),
                assertThrows(WuaException.class, () -> c.item(0)).hresult());
        assertEquals(
                HResult.WU_E_INVALIDINDEX.code(),
                assertThrows(WuaException.class, () -> c.insert(1, fake("a"))).hresult());
        assertEquals(
                HResult.E_POINTER.code(),
                assertThrows(WuaException.class, () -> c.add(null)).hresult());
    }
}
