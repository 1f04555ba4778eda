package io.github.wudl.wua;

import java.nio.file.Path;

/**
 * A wudl extension of the result: one content file of an update as it ended up on disk.
 *
 * @param name         the file name from the source
 * @param path         absolute path of the verified file, or null when it was not obtained
 * @param size         its size in bytes
 * @param sha256       lower-case hex SHA-256 of its content, or null when it was not obtained
 * @param fromCache    true when no byte of it had to be fetched by this job
 * @param bytesFetched bytes of it that crossed the network in this job: less than {@code size} when a partial
 *                     file of an earlier run was resumed, more when a server made a retry start again from zero,
 *                     0 from the cache or when not obtained
 */
public record DownloadedFile(String name, Path path, long size, String sha256, boolean fromCache, long bytesFetched) {
    /** A file whose network bytes were not counted: all of it when obtained and not from the cache. */
    public DownloadedFile(String name, Path path, long size, String sha256, boolean fromCache) {
        this(name, path, size, sha256, fromCache, path == null || fromCache ? 0 : size);
    }

    /**
     * Bytes of an obtained file that came from a partial file kept by an earlier run rather than from the
     * network: {@code size - bytesFetched}, never negative; 0 for a file from the cache or not obtained.
     */
    public long bytesResumed() {
        return path == null || fromCache ? 0 : Math.max(0, size - bytesFetched);
    }
}
