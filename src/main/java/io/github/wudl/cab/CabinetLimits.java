package io.github.wudl.cab;

/**
 * How much a cabinet may claim before it is refused, so that a hostile or broken file costs bounded memory,
 * disk and time. The defaults fit Microsoft's offline scan file (a 650 MB outer cabinet whose largest entry,
 * {@code package.xml}, is about 115 MB) with room to grow.
 *
 * @param maxEntries how many CFFILE records a cabinet may have
 * @param maxFolders how many CFFOLDER records a cabinet may have
 * @param maxEntryBytes the largest uncompressed size an entry may claim
 * @param maxDecodedBytes the most uncompressed bytes one {@link Cabinet#extract} call may decode, whatever
 *     the entries claim: the bound on a decompression bomb
 */
public record CabinetLimits(int maxEntries, int maxFolders, long maxEntryBytes, long maxDecodedBytes) {
    /** 65,535 entries and folders (the format's own maximum), 2 GiB an entry, 64 GiB decoded per call. */
    public static final CabinetLimits DEFAULT = new CabinetLimits(65_535, 65_535, 2L << 30, 64L << 30);

    public CabinetLimits {
        if (maxEntries < 1 || maxFolders < 1 || maxEntryBytes < 1 || maxDecodedBytes < 1) {
            throw new IllegalArgumentException("cabinet limits must be positive");
        }
    }
}
