package io.github.wudl.cab;

/**
 * Decodes the CFDATA blocks of one cabinet folder, in order, one block at a time. An instance belongs to one
 * folder: decoders such as LZX and MSZIP keep a history window across the blocks of a folder, so the blocks
 * must be given in order and none may be skipped.
 */
interface FolderDecoder {
    /**
     * Decodes one CFDATA block.
     *
     * @param in the block's compressed bytes, {@code in[0..inLength)}
     * @param inLength how many compressed bytes the block holds (its {@code cbData})
     * @param out where the block's bytes go, {@code out[0..outLength)}; at least {@code outLength} long
     * @param outLength how many bytes the block must give (its {@code cbUncomp}, at most 32768)
     * @throws CabinetException when the block is malformed, decodes to more or fewer than {@code outLength}
     *     bytes, or refers to history the folder does not have
     */
    void decode(byte[] in, int inLength, byte[] out, int outLength) throws CabinetException;
}
