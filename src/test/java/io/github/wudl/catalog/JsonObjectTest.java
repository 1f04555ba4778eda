package io.github.wudl.catalog;

import static io.github.wudl.catalog.TestCatalogs.refusedBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reader's JSON object: lookups by scan for small objects and by index for large ones agree. */
class JsonObjectTest {
    @Test
    void keysAreFoundBeforeAndAfterTheObjectOutgrowsAScan() {
        JsonObject o = new JsonObject();
        for (int i = 0; i < 100; i++) {
            String key = "k" + i;
            assertFalse(o.has(key), key);
            o.put(key, (long) i);
            for (int j = 0; j <= i; j++) {
                assertEquals((long) j, o.get("k" + j), "k" + j + " after " + (i + 1) + " keys");
            }
            assertNull(o.get("k" + (i + 1)));
        }
        assertTrue(o.has(new String("k42".toCharArray())), "found by equality, not only by identity");
    }

    @Test
    void aKeyGivenTwiceIsRefusedAlsoInALargeObject() {
        StringBuilder json = new StringBuilder("{\"format\":\"wudl-catalog/1\",\"updates\":[]");
        for (int i = 0; i < 40; i++) {
            json.append(",\"x").append(i).append("\":").append(i);
        }
        json.append(",\"x7\":0}");
        CatalogException e =
                refusedBytes(json.toString().getBytes(StandardCharsets.UTF_8), "$.x7", "Duplicate field 'x7'");
        assertEquals(1, e.line());
    }
}
