package io.github.wudl.wua;

import java.nio.file.Path;

/**
 * A wudl extension of the result: one content file of an update as it ended up on disk.
 *
 * @param name      the file name from the source
 * @param path      absolute path of the verified file, or null when it was not obtained
 * @param size      its size in bytes
 * @param sha256    lower-case hex SHA-256 of its content, or null when it was not obtained
 * @param fromCache true when no byte of it had to be fetched by this job
 */
public record DownloadedFile(String name, Path path, long size, String sha256, boolean fromCache) {
}
