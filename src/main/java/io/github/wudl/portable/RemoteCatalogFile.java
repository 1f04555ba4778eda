package io.github.wudl.portable;

import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.TransferRequest;
import io.github.wudl.transfer.TransferResult;
import io.github.wudl.transfer.Transferer;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A remote catalog too large for memory (the offline scan file), fetched into the content cache by the
 * transfer engine: resumed after an interruption, retried, and found in the cache the next time. The file has
 * no digest to check it against before it arrives; what makes it believable is the check its source makes of
 * it (the scan file's Authenticode signature) before reading it.
 */
final class RemoteCatalogFile {
    private RemoteCatalogFile() {}

    /** The cached copy of {@code uri}, {@code length} bytes as the server announced. */
    static Path fetch(URI uri, long length, PortableOptions options) {
        if (length <= 0) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "the server of " + uri + " does not say how large the offline scan file is (no Content-Length);"
                            + " download it with another tool and pass the file to --catalog");
        }
        String name = uri.getPath() == null || uri.getPath().isEmpty()
                ? "wsusscn2.cab"
                : uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
        TransferRequest request = new TransferRequest(List.of(uri), length, null, null, name, 0);
        try (Transferer transferer = new Transferer(options.transferConfig(), new ContentCache(options.cacheDir()))) {
            TransferResult result = transferer.submit(request, null).result().get();
            return result.path();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WuaException w) {
                throw w;
            }
            throw new WuaException(HResult.WU_E_PT_UNEXPECTED, "fetching " + uri + " failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "fetching " + uri + " was cancelled", e);
        }
    }
}
