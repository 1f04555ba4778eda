package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/** Windows code page numbers and charset names as {@code --code-page} takes them. */
class CodePagesTest {
    @Test
    void windowsNumbersAreWindowsOwnVariants() {
        assertEquals(Charset.forName("windows-31j"), CodePages.of("932"));
        assertEquals(Charset.forName("GBK"), CodePages.of(" 936 "));
        assertEquals(Charset.forName("windows-1251"), CodePages.of("1251"));
        assertEquals(Charset.forName("IBM437"), CodePages.of("437"));
        assertEquals(Charset.forName("Shift_JIS"), CodePages.of("shift_jis"));
        assertEquals(Charset.forName("windows-1252"), CodePages.DEFAULT);
    }

    @Test
    void anythingElseSaysWhatToWrite() {
        for (String bad : new String[] {"", "klingon", "99999", "bad name!"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CodePages.of(bad));
            assertTrue(e.getMessage().contains("such as 1252, 1251 or 932"), e.getMessage());
        }
        IllegalArgumentException utf16 = assertThrows(IllegalArgumentException.class, () -> CodePages.of("UTF-16"));
        assertTrue(utf16.getMessage().contains("byte-order mark"), utf16.getMessage());
    }
}
