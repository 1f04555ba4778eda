package io.github.wudl.cab;

/** The encoder side of LZX's E8 translation, for {@link LzxTestEncoder}. */
final class LzxTestE8 {
    private static final int FRAME = 32768;

    private LzxTestE8() {}

    /**
     * The inverse of the decoder's E8 translation, frame by frame (frames 0..32768 longer than 10 bytes): each
     * E8 byte's following relative value becomes the absolute one the decoder turns back; in place. Returns
     * how many frames were translated.
     */
    static int untranslate(byte[] d, int e8FileSize) {
        int translated = 0;
        for (int start = 0, frame = 0; start < d.length && frame <= 32768; start += FRAME, frame++) {
            int len = Math.min(FRAME, d.length - start);
            if (len <= 10) {
                continue;
            }
            translated++;
            for (int i = 0; i < len - 10; ) {
                if ((d[start + i] & 0xFF) != 0xE8) {
                    i++;
                    continue;
                }
                int p = start + i + 1;
                int rel = (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16 | (d[p + 3] & 0xFF) << 24;
                long curpos = (long) start + i;
                if (rel >= -curpos && rel < e8FileSize) {
                    long abs = rel < e8FileSize - curpos ? rel + curpos : rel - (long) e8FileSize;
                    for (int b = 0; b < 4; b++) {
                        d[p + b] = (byte) (abs >>> (8 * b));
                    }
                }
                i += 5;
            }
        }
        return translated;
    }
}
