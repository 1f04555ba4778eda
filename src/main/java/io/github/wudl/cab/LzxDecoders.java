package io.github.wudl.cab;

/** Where an LZX folder gets its decoder (a seam of one line, so that FolderInput names no decoder class). */
final class LzxDecoders {
    private LzxDecoders() {}

    /** A decoder for a folder whose {@code typeCompress} names a window of {@code windowBits} (15..21). */
    static FolderDecoder create(int windowBits) throws CabinetException {
        return new LzxDecoder(windowBits);
    }
}
