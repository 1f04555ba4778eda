package io.github.wudl.cab;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * MSZIP: each block is {@code "CK"} and a raw deflate stream that ends at the block's end, and may refer to
 * the 32 KiB the block before it gave (so each block starts with that as its dictionary).
 */
final class MszipDecoder implements FolderDecoder, AutoCloseable {
    private final Inflater inflater = new Inflater(true);
    private final byte[] previous = new byte[Cabinet.MAX_BLOCK_BYTES];
    private final byte[] input = new byte[Cabinet.MAX_COMPRESSED_BLOCK_BYTES + 1];
    private int previousLength;

    @Override
    public void decode(byte[] in, int inLength, byte[] out, int outLength) throws CabinetException {
        if (inLength < 2 || in[0] != 'C' || in[1] != 'K') {
            throw new CabinetException("an MSZIP block does not start with its CK signature");
        }
        inflater.reset();
        if (previousLength > 0) {
            inflater.setDictionary(previous, 0, previousLength);
        }
        // A raw inflater may want one byte past the stream's end to finish it (Inflater's own advice).
        System.arraycopy(in, 2, input, 0, inLength - 2);
        input[inLength - 2] = 0;
        inflater.setInput(input, 0, inLength - 1);
        int produced = 0;
        try {
            while (produced < outLength) {
                int n = inflater.inflate(out, produced, outLength - produced);
                if (n == 0) {
                    if (inflater.finished() || inflater.needsInput() || inflater.needsDictionary()) {
                        break;
                    }
                }
                produced += n;
            }
            if (produced == outLength && !inflater.finished()) {
                // Finishing may need no more output: ask once more with no room to spare.
                byte[] probe = new byte[1];
                if (inflater.inflate(probe) > 0) {
                    throw new CabinetException("an MSZIP block gives more than the " + outLength + " bytes it claims");
                }
            }
        } catch (DataFormatException e) {
            throw new CabinetException("an MSZIP block is not valid deflate data: " + e.getMessage(), e);
        }
        if (produced != outLength || !inflater.finished()) {
            throw new CabinetException("an MSZIP block gives " + produced + " bytes"
                    + (inflater.finished() ? "" : " and does not end") + " but claims " + outLength);
        }
        System.arraycopy(out, 0, previous, 0, outLength);
        previousLength = outLength;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
