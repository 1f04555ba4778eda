package io.github.wudl.windows;

import io.github.wudl.job.DownloaderContractTest;

/**
 * The COM backend's downloader and job ({@link WuaJobWork} under the shared core) pass the downloader
 * contract, with WUA played by objects in native memory ({@link WuaContract}); on any OS.
 */
class WuaDownloaderContractTest extends DownloaderContractTest {
    @Override
    protected ContractBackend backend() {
        return new WuaContract();
    }
}
