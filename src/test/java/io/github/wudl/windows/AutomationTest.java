package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Late binding through a real native IDispatch vtable: argument order, flags, results, errors, and no leaks. */
class AutomationTest {
    private final Bstrs.InMemory bstrs = new Bstrs.InMemory();
    private final Automation auto = new Automation(bstrs);
    private final FakeDispatch fake = new FakeDispatch();

    @Test
    void propertyGetReturnsTheValueAndFreesTheResultBstr() {
        fake.answer = (call, result, excep) -> {
            Variants.write(result, "2026-11 Cumulative Update", bstrs);
            return 0;
        };
        assertEquals("2026-11 Cumulative Update", auto.get(fake.pointer(), 0, "Title"));
        FakeDispatch.Call c = fake.last();
        assertEquals(0, c.dispId());
        assertEquals(Automation.DISPATCH_PROPERTYGET, c.flags());
        assertEquals(List.of(), c.args());
        assertTrue(c.resultWanted());
        assertEquals(0, bstrs.live(), "the result's BSTR was freed once read");
    }

    @Test
    void methodArgumentsArriveLastFirstAndAreFreedAfterTheCall() {
        fake.answer = (call, result, excep) -> {
            Variants.write(result, new BigDecimal("6442450944"), bstrs); // 6 GiB as a DECIMAL
            return 0;
        };
        Object r = auto.call(fake.pointer(), 0x60020007, "GetUpdateResult", 3, "IsInstalled=0", true);
        assertEquals(new BigDecimal("6442450944"), r);
        FakeDispatch.Call c = fake.last();
        assertEquals(Automation.DISPATCH_METHOD | Automation.DISPATCH_PROPERTYGET, c.flags());
        assertEquals(List.of(3, "IsInstalled=0", true), c.args(), "the fake reverses rgvarg: call order comes back");
        assertEquals(0, bstrs.live(), "the argument BSTR was freed after the call");
    }

    @Test
    void propertyPutNamesDispidPropertyPut() {
        auto.put(fake.pointer(), 0x60020003, "Priority", 4);
        FakeDispatch.Call c = fake.last();
        assertEquals(Automation.DISPATCH_PROPERTYPUT, c.flags());
        assertEquals(List.of(Automation.DISPID_PROPERTYPUT), c.named());
        assertEquals(List.of(4), c.args());
        assertFalse(c.resultWanted(), "a put asks for no result");
    }

    @Test
    void interfaceArgumentsAndResultsAreCounted() {
        FakeDispatch other = new FakeDispatch();
        fake.answer = (call, result, excep) -> {
            result.setShort(0, Variants.VT_DISPATCH);
            result.setPointer(8, other.pointer());
            other.refs.incrementAndGet(); // an [out] interface comes AddRef'ed
            return 0;
        };
        try (ComRef arg = ComRef.addRef(other.pointer())) {
            assertEquals(2, other.refs.get());
            Object r = auto.call(fake.pointer(), 5, "Add", arg);
            assertEquals(
                    List.of(Pointer.nativeValue(other.pointer())), fake.last().args());
            ComRef result = (ComRef) r;
            assertEquals(
                    3, other.refs.get(), "one for arg, one for the result's ComRef; the call's own are given back");
            result.close();
            assertEquals(2, other.refs.get());
        }
        assertEquals(1, other.refs.get());
    }

    @Test
    void anExceptionCarriesWuasCodeAndDescription() {
        fake.answer = (call, result, excep) -> {
            excep.setPointer(Native.POINTER_SIZE, bstrs.allocate("WUA"));
            excep.setPointer(2L * Native.POINTER_SIZE, bstrs.allocate("Updates is empty. "));
            excep.setInt(7L * Native.POINTER_SIZE, HResult.WU_E_NO_UPDATE.code());
            return HResult.DISP_E_EXCEPTION.code();
        };
        WuaException e = assertThrows(WuaException.class, () -> auto.call(fake.pointer(), 0x60020006, "Download"));
        assertEquals(HResult.WU_E_NO_UPDATE.code(), e.hresult());
        assertTrue(e.getMessage().startsWith("WU_E_NO_UPDATE (0x80240024): Download failed"), e.getMessage());
        assertTrue(e.getMessage().contains("(Updates is empty.)"), e.getMessage());
        assertEquals(0, bstrs.live(), "EXCEPINFO's BSTRs were freed");
    }

    @Test
    void aFailedHresultIsNamed() {
        fake.answer = (call, result, excep) -> HResult.DISP_E_MEMBERNOTFOUND.code();
        WuaException e = assertThrows(WuaException.class, () -> auto.get(fake.pointer(), 77, "BrowseOnly"));
        assertEquals("DISP_E_MEMBERNOTFOUND", e.hresultName());
        assertEquals("DISP_E_MEMBERNOTFOUND (0x80020003): BrowseOnly failed: no such member", e.getMessage());
        fake.answer = (call, result, excep) -> 0x80049999;
        WuaException unknown = assertThrows(WuaException.class, () -> auto.get(fake.pointer(), 1, "X"));
        assertTrue(unknown.getMessage().startsWith("0x80049999: X failed; look the code up"), unknown.getMessage());
    }

    @Test
    void namesResolveThroughGetIdsOfNames() {
        fake.ids.put("Search", 0x60020006);
        assertEquals(0x60020006, auto.dispId(fake.pointer(), "Search"));
        WuaException e = assertThrows(WuaException.class, () -> auto.dispId(fake.pointer(), "Serch"));
        assertTrue(e.getMessage().contains("GetIDsOfNames(\"Serch\")"), e.getMessage());
    }

    @Test
    void anEmptyResultIsNull() {
        assertNull(auto.call(fake.pointer(), 0x60020004, "CleanUp"));
    }
}
