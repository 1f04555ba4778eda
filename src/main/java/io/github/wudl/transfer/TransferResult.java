package io.github.wudl.transfer;

import java.nio.file.Path;

/**
 * A file obtained and verified: its published path in the cache, which never changes afterwards.
 *
 * @param path          absolute path of the published, verified file in the content cache
 * @param size          its size
 * @param sha256        lower-case hex SHA-256 of its bytes (computed while streaming, or when verifying a cached file)
 * @param fromCache     true when no byte had to be fetched
 * @param bytesFetched  bytes received over the network for it (resumed bytes not counted again)
 * @param retries       retries spent (attempts after the first)
 */
public record TransferResult(Path path, long size, String sha256, boolean fromCache, long bytesFetched, int retries) {}
