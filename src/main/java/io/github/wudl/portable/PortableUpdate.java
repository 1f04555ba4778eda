package io.github.wudl.portable;

import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.TransferRequest;
import io.github.wudl.wua.Category;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.InstallationBehavior;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadContent;
import io.github.wudl.wua.UpdateIdentity;
import io.github.wudl.wua.UpdateType;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An update of a catalog, as the portable backend shows it. One instance per catalog entry per session,
 * so scripts comparing updates by identity behave. Only IsHidden (kept in {@link HiddenUpdates}, the machine's
 * state) and EulaAccepted change after creation.
 */
final class PortableUpdate implements Update {
    private final CatalogUpdate entry;
    private final ContentCache cache;
    private final UpdateCollection bundled;
    private final HiddenUpdates hiddenUpdates;
    private volatile boolean eulaAccepted;

    PortableUpdate(CatalogUpdate entry, ContentCache cache, HiddenUpdates hiddenUpdates) {
        this.entry = entry;
        this.cache = cache;
        this.hiddenUpdates = hiddenUpdates;
        List<PortableUpdate> children = new ArrayList<>();
        for (CatalogUpdate child : entry.bundled()) {
            children.add(new PortableUpdate(child, cache, hiddenUpdates));
        }
        this.bundled = UpdateCollection.readOnlySnapshot(children);
        this.eulaAccepted = entry.eulaAccepted();
    }

    CatalogUpdate entry() {
        return entry;
    }

    /** The content files a Full download fetches: this update's files, then its bundled updates', depth first. */
    List<CatalogFile> fullFiles() {
        List<CatalogFile> files = new ArrayList<>(entry.files());
        for (Update child : bundled) {
            files.addAll(((PortableUpdate) child).fullFiles());
        }
        return files;
    }

    boolean hasBootstrapper() {
        return entry.bootstrapper() != null;
    }

    static TransferRequest request(CatalogFile file, int priority) {
        List<URI> sources = new ArrayList<>();
        sources.add(file.url());
        sources.addAll(file.mirrors());
        return new TransferRequest(
                sources, file.size(), file.digestAlgorithm(), file.digest(), file.name(), priority, file.sha1Also());
    }

    @Override
    public String title() {
        return entry.title();
    }

    @Override
    public UpdateIdentity identity() {
        return new UpdateIdentity(entry.id(), entry.revision());
    }

    @Override
    public List<String> kbArticleIDs() {
        return entry.kb();
    }

    @Override
    public String description() {
        return entry.description();
    }

    @Override
    public UpdateType type() {
        return entry.type();
    }

    @Override
    public List<Category> categories() {
        return entry.categories().stream()
                .map(c -> new Category(c.id(), c.name(), c.type()))
                .toList();
    }

    @Override
    public boolean isDownloaded() {
        for (CatalogFile f : fullFiles()) {
            if (!cache.isPresent(request(f, 0))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isInstalled() {
        return entry.installed();
    }

    @Override
    public boolean isHidden() {
        return hiddenUpdates.isHidden(entry.id(), entry.hidden());
    }

    /** Hides or shows the update on this machine: every object of it and every later search and run see it. */
    @Override
    public void setIsHidden(boolean hidden) {
        hiddenUpdates.set(entry.id(), hidden);
    }

    @Override
    public boolean browseOnly() {
        return entry.browseOnly();
    }

    @Override
    public boolean eulaAccepted() {
        return eulaAccepted;
    }

    @Override
    public void acceptEula() {
        eulaAccepted = true;
    }

    @Override
    public boolean isMandatory() {
        return entry.mandatory();
    }

    @Override
    public boolean isBeta() {
        return entry.beta();
    }

    @Override
    public String msrcSeverity() {
        return entry.msrcSeverity();
    }

    @Override
    public io.github.wudl.wua.DeploymentAction deploymentAction() {
        return io.github.wudl.wua.DeploymentAction.ofName(entry.deploymentAction());
    }

    @Override
    public List<String> supersededUpdateIDs() {
        return entry.supersededUpdateIds();
    }

    @Override
    public String supportUrl() {
        return entry.supportUrl();
    }

    @Override
    public Instant lastDeploymentChangeTime() {
        return entry.lastDeploymentChangeTime();
    }

    @Override
    public InstallationBehavior installationBehavior() {
        return InstallationBehavior.DEFAULT;
    }

    @Override
    public long maxDownloadSize() {
        return fullFiles().stream().mapToLong(CatalogFile::size).reduce(0, Sizes::add); // no wrap past 2^63
    }

    @Override
    public long minDownloadSize() {
        return maxDownloadSize();
    }

    @Override
    public DownloadPriority downloadPriority() {
        return entry.priority();
    }

    @Override
    public List<UpdateDownloadContent> downloadContents() {
        return entry.files().stream()
                .map(f -> new UpdateDownloadContent(f.urlText(), false))
                .toList();
    }

    @Override
    public UpdateCollection bundledUpdates() {
        return bundled;
    }

    @Override
    public String toString() {
        return "Update[" + entry.id() + " " + entry.title() + "]";
    }
}
