package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WebProxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The portable UpdateSession: one catalog, one content cache, shared by the objects it creates. */
final class PortableSession extends ClientIdentified implements UpdateSession {
    private final PortableOptions options;
    private final ContentCache cache;
    private final List<PortableUpdate> updates;
    private volatile boolean readOnly;
    private volatile WebProxy webProxy = WebProxy.SYSTEM;

    PortableSession(Catalog catalog, PortableOptions options, ContentCache cache) {
        super(ClientIdentified.DEFAULT);
        this.options = options;
        this.cache = cache;
        List<PortableUpdate> list = new ArrayList<>();
        for (CatalogUpdate entry : catalog.updates()) {
            list.add(new PortableUpdate(entry, cache));
        }
        this.updates = Collections.unmodifiableList(list);
    }

    PortableOptions options() {
        return options;
    }

    ContentCache cache() {
        return cache;
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
