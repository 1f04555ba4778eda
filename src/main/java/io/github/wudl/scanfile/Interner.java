package io.github.wudl.scanfile;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out one String for equal texts read from one scan file. The file repeats most of its texts many times
 * (a description shared by thousands of updates, the same dates, severities and category ids, each file's SHA-1
 * in three places): sharing them keeps the first open's heap to a fraction. Not thread-safe: one reader uses it.
 */
final class Interner {
    private final Map<String, String> texts = new HashMap<>();

    String of(String text) {
        String known = texts.putIfAbsent(text, text);
        return known == null ? text : known;
    }
}
