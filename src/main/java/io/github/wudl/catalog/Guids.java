package io.github.wudl.catalog;

import io.github.wudl.wua.Digests;
import java.util.Locale;

/** GUID spelling: WUA prints UpdateIDs lower-case without braces, so that is the one form wudl keeps. */
final class Guids {
    /** 8-4-4-4-12 hex digits: where the dashes of a 36-character GUID are. */
    private static final int[] DASHES = {8, 13, 18, 23};

    private Guids() {}

    /** The lower-case, brace-less form of {@code text}, or null when it is not a GUID. */
    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        // registry-style {…} is common in copied ids; accept it, but only as a matched pair
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        return isGuid(s) ? s.toLowerCase(Locale.ROOT) : null;
    }

    // a loop rather than a regex: it runs once per update, and a cold regex costs a catalog load real time
    private static boolean isGuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        int dash = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (dash < DASHES.length && i == DASHES[dash]) {
                if (c != '-') {
                    return false;
                }
                dash++;
            } else if (Digests.hexValue(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
