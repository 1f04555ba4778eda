package io.github.wudl.cab;

import java.util.List;

/** Placeholder: the LZX test encoder comes in the next commit. */
final class LzxTestEncoder {
    private final int windowBits;

    LzxTestEncoder(int windowBits) {
        this.windowBits = windowBits;
    }

    int windowBits() {
        return windowBits;
    }

    /** One CFDATA's worth: the compressed payload of one 32 KiB frame and how many bytes it gives. */
    static final class Frame {
        private final byte[] payload;
        private final int uncompressedSize;

        Frame(byte[] payload, int uncompressedSize) {
            this.payload = payload;
            this.uncompressedSize = uncompressedSize;
        }

        byte[] payload() {
            return payload;
        }

        int uncompressedSize() {
            return uncompressedSize;
        }
    }

    List<Frame> encode(byte[] data) {
        if (data.length == 0) {
            return List.of();
        }
        throw new UnsupportedOperationException("not written yet");
    }
}
