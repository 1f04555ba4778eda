package io.github.wudl.cab;

/**
 * The CFDATA checksum of MS-CAB: the XOR of the data taken as little-endian 32-bit words, a last partial word
 * packed with its first byte highest, computed over the data and then over the block's {@code cbData} and
 * {@code cbUncomp} fields with the first result as the seed.
 */
final class CabinetChecksum {
    private CabinetChecksum() {}

    static int of(byte[] bytes, int offset, int length, int seed) {
        int sum = seed;
        int words = length / 4;
        int at = offset;
        for (int i = 0; i < words; i++, at += 4) {
            sum ^= (bytes[at] & 0xff)
                    | (bytes[at + 1] & 0xff) << 8
                    | (bytes[at + 2] & 0xff) << 16
                    | (bytes[at + 3] & 0xff) << 24;
        }
        int tail = 0;
        switch (length % 4) {
            case 3:
                tail = (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff);
                break;
            case 2:
                tail = (bytes[at] & 0xff) << 8 | (bytes[at + 1] & 0xff);
                break;
            case 1:
                tail = bytes[at] & 0xff;
                break;
            default:
                break;
        }
        return sum ^ tail;
    }
}
