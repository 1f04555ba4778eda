package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.Transferer;
import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WebProxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The portable UpdateSession: one catalog, one content cache and one transfer scheduler, shared by the
 * objects it creates (so de-duplication and the cap on files in flight hold across its download jobs).
 */
final class PortableSession extends ClientIdentified implements UpdateSession {
    private final PortableOptions options;
    private final ContentCache cache;
    private final List<PortableUpdate> updates;
    private final HiddenUpdates hiddenUpdates;
    private volatile boolean readOnly;
    private volatile WebProxy webProxy = WebProxy.SYSTEM;
    private Transferer transferer; // guarded by this

    PortableSession(Catalog catalog, PortableOptions options, ContentCache cache) {
        super(ClientIdentified.DEFAULT);
        this.options = options;
        this.cache = cache;
        this.hiddenUpdates = HiddenUpdates.open(cache.root());
        List<PortableUpdate> list = new ArrayList<>();
        for (CatalogUpdate entry : catalog.updates()) {
            list.add(new PortableUpdate(entry, cache, hiddenUpdates));
        }
        this.updates = Collections.unmodifiableList(list);
    }

    PortableOptions options() {
        return options;
    }

    ContentCache cache() {
        return cache;
    }

    /**
     * The scheduler every job of this session submits to, made at the first download. Sessions have no
     * close, and it needs none: its threads are daemons that end after a few idle seconds, and a job ends
     * its own tasks.
     */
    synchronized Transferer transferer() {
        if (transferer == null) {
            transferer = new Transferer(options.transferConfig(), cache);
        }
        return transferer;
    }

    HiddenUpdates hiddenUpdates() {
        return hiddenUpdates;
    }

    List<PortableUpdate> updates() {
        return updates;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /**
     * Stored for scripts that set it; transfers use the JVM's standard proxy settings
     * ({@code https.proxyHost} …), which the command line and the Jenkins step set.
     */
    @Override
    public WebProxy webProxy() {
        return webProxy;
    }

    @Override
    public void setWebProxy(WebProxy proxy) {
        this.webProxy = proxy == null ? WebProxy.SYSTEM : proxy;
    }

    @Override
    public UpdateSearcher createUpdateSearcher() {
        return new PortableSearcher(this);
    }

    @Override
    public UpdateDownloader createUpdateDownloader() {
        return new PortableDownloader(this);
    }

    @Override
    public void lockDown() {
        readOnly = true;
    }
}
