package io.github.wudl.cab;

/** Where an LZX folder gets its decoder. */
final class LzxDecoders {
    private LzxDecoders() {}

    static FolderDecoder create(int windowBits) throws CabinetException {
        if (windowBits > 0) {
            throw new CabinetException("LZX folders (window " + windowBits + ") are not read yet");
        }
        throw new CabinetException("an LZX folder without a window size");
    }
}
