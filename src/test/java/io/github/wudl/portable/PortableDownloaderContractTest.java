package io.github.wudl.portable;

import io.github.wudl.job.DownloaderContractTest;

/** The portable backend passes the downloader contract, against a real local server. */
class PortableDownloaderContractTest extends DownloaderContractTest {
    @Override
    protected ContractBackend backend() throws Exception {
        return new PortableContract();
    }
}
