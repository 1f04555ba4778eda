package io.github.wudl.catalog;

import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.UpdateIdentity;
import io.github.wudl.wua.UpdateType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One update of a catalog, as SPEC §3 describes it. Immutable; lists are unmodifiable copies.
 *
 * <p>Promises, checked when the value is made (an {@link IllegalArgumentException} otherwise): {@code id}
 * is a GUID in lower case without braces; {@code revision >= 1}; {@code title} is not blank; {@code files}
 * is empty only when {@code bundled} is not. A null passed for an optional component takes its default:
 * {@code ""} for {@code description}, {@code msrcSeverity} and {@code supportUrl}, {@link UpdateType#Software},
 * {@link DownloadPriority#Normal}, empty lists. {@code bootstrapper} and {@code lastDeploymentChangeTime}
 * stay null when absent.
 *
 * @param id                       UpdateID: a GUID, lower case, no braces
 * @param revision                 RevisionNumber, default 1
 * @param title                    Title
 * @param kb                       KBArticleIDs, digits only (a leading "KB" in the catalog is dropped)
 * @param description              Description, default ""
 * @param type                     Type, default Software
 * @param categories               Categories; {@code CategoryIDs contains '…'} matches an id or a name ignoring case
 * @param installed                IsInstalled, default false
 * @param hidden                   IsHidden, default false
 * @param browseOnly               BrowseOnly, default false
 * @param eulaAccepted             EulaAccepted, default true
 * @param priority                 DownloadPriority, default Normal
 * @param files                    the content files (full download)
 * @param bootstrapper             the bootstrapper file (DownloadType UpdateBootstrapper), or null
 * @param bundled                  BundledUpdates, in catalog order
 * @param mandatory                IsMandatory, default false
 * @param beta                     IsBeta, default false
 * @param msrcSeverity             "Critical", "Important", "Moderate", "Low", or "" when not rated
 * @param supportUrl               SupportUrl, default ""
 * @param lastDeploymentChangeTime LastDeploymentChangeTime, or null when the catalog gives none
 * @param deploymentAction         DeploymentAction: "Installation" (the default), "Uninstallation", "Detection",
 *                                 "OptionalInstallation" or "None"
 * @param supersededUpdateIds      SupersededUpdateIDs: the ids of the updates this one supersedes
 */
public record CatalogUpdate(
        String id,
        int revision,
        String title,
        List<String> kb,
        String description,
        UpdateType type,
        List<CatalogCategory> categories,
        boolean installed,
        boolean hidden,
        boolean browseOnly,
        boolean eulaAccepted,
        DownloadPriority priority,
        List<CatalogFile> files,
        CatalogFile bootstrapper,
        List<CatalogUpdate> bundled,
        boolean mandatory,
        boolean beta,
        String msrcSeverity,
        String supportUrl,
        Instant lastDeploymentChangeTime,
        String deploymentAction,
        List<String> supersededUpdateIds) {
    public CatalogUpdate {
        String guid = Guids.normalize(id);
        if (guid == null) {
            throw new IllegalArgumentException("update id \"" + id + "\" is not a GUID");
        }
        id = guid;
        if (revision < 1) {
            throw new IllegalArgumentException("revision " + revision + " < 1");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("update " + id + " has no title");
        }
        kb = kb == null ? List.of() : List.copyOf(kb);
        description = description == null ? "" : description;
        type = type == null ? UpdateType.Software : type;
        categories = categories == null ? List.of() : List.copyOf(categories);
        priority = priority == null ? DownloadPriority.Normal : priority;
        files = files == null ? List.of() : List.copyOf(files);
        bundled = bundled == null ? List.of() : List.copyOf(bundled);
        if (files.isEmpty() && bundled.isEmpty()) {
            throw new IllegalArgumentException("update " + id + " has neither files nor bundled updates");
        }
        msrcSeverity = msrcSeverity == null ? "" : msrcSeverity;
        supportUrl = supportUrl == null ? "" : supportUrl;
        deploymentAction = deploymentAction == null || deploymentAction.isEmpty() ? "Installation" : deploymentAction;
        supersededUpdateIds = supersededUpdateIds == null ? List.of() : List.copyOf(supersededUpdateIds);
    }

    /** A builder for an update with the given id and title and every other component at its default. */
    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    /** Identity{UpdateID, RevisionNumber}. */
    public UpdateIdentity identity() {
        return new UpdateIdentity(id, revision);
    }

    /**
     * This update with every content file, the bootstrapper and its bundled updates' files replaced by what
     * {@code change} makes of them (the same update with its content somewhere else: a bundle's copy first).
     */
    public CatalogUpdate withFiles(java.util.function.UnaryOperator<CatalogFile> change) {
        return copy(
                files.stream().map(change).toList(),
                bootstrapper == null ? null : change.apply(bootstrapper),
                bundled.stream().map(b -> b.withFiles(change)).toList());
    }

    /** This update without a bootstrapper, nor one in its bundled updates (a bundle holds full content only). */
    public CatalogUpdate withoutBootstrappers() {
        return copy(
                files,
                null,
                bundled.stream().map(CatalogUpdate::withoutBootstrappers).toList());
    }

    private CatalogUpdate copy(
            List<CatalogFile> newFiles, CatalogFile newBootstrapper, List<CatalogUpdate> newBundled) {
        return new CatalogUpdate(
                id,
                revision,
                title,
                kb,
                description,
                type,
                categories,
                installed,
                hidden,
                browseOnly,
                eulaAccepted,
                priority,
                newFiles,
                newBootstrapper,
                newBundled,
                mandatory,
                beta,
                msrcSeverity,
                supportUrl,
                lastDeploymentChangeTime,
                deploymentAction,
                supersededUpdateIds);
    }

    /** MaxDownloadSize: the sizes of all content files, bundled updates' included (not the bootstrapper). */
    public long maxDownloadSize() {
        long sum = 0;
        for (CatalogFile f : files) {
            sum = Sizes.add(sum, f.size());
        }
        for (CatalogUpdate b : bundled) {
            sum = Sizes.add(sum, b.maxDownloadSize());
        }
        return sum;
    }

    @Override
    public String toString() {
        return "CatalogUpdate[id=" + id + ", revision=" + revision + ", title=" + title + ", files=" + files.size()
                + ", bundled=" + bundled.size() + "]";
    }

    /** Builds a {@link CatalogUpdate}; every setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final String title;
        private int revision = 1;
        private List<String> kb = List.of();
        private String description = "";
        private UpdateType type = UpdateType.Software;
        private final List<CatalogCategory> categories = new ArrayList<>();
        private boolean installed;
        private boolean hidden;
        private boolean browseOnly;
        private boolean eulaAccepted = true;
        private DownloadPriority priority = DownloadPriority.Normal;
        private final List<CatalogFile> files = new ArrayList<>();
        private CatalogFile bootstrapper;
        private final List<CatalogUpdate> bundled = new ArrayList<>();
        private boolean mandatory;
        private boolean beta;
        private String msrcSeverity = "";
        private String supportUrl = "";
        private Instant lastDeploymentChangeTime;
        private String deploymentAction = "Installation";
        private List<String> supersededUpdateIds = List.of();

        private Builder(String id, String title) {
            this.id = Objects.requireNonNull(id, "id");
            this.title = Objects.requireNonNull(title, "title");
        }

        public Builder revision(int v) {
            revision = v;
            return this;
        }

        public Builder kb(List<String> v) {
            kb = v;
            return this;
        }

        public Builder description(String v) {
            description = v;
            return this;
        }

        public Builder type(UpdateType v) {
            type = v;
            return this;
        }

        /** Categories known by name only (see {@link CatalogCategory#named}); replaces those set before. */
        public Builder categories(List<String> v) {
            categories.clear();
            v.forEach(name -> categories.add(CatalogCategory.named(name)));
            return this;
        }

        public Builder addCategory(CatalogCategory v) {
            categories.add(Objects.requireNonNull(v, "category"));
            return this;
        }

        public Builder deploymentAction(String v) {
            deploymentAction = v;
            return this;
        }

        public Builder supersededUpdateIds(List<String> v) {
            supersededUpdateIds = v;
            return this;
        }

        public Builder installed(boolean v) {
            installed = v;
            return this;
        }

        public Builder hidden(boolean v) {
            hidden = v;
            return this;
        }

        public Builder browseOnly(boolean v) {
            browseOnly = v;
            return this;
        }

        public Builder eulaAccepted(boolean v) {
            eulaAccepted = v;
            return this;
        }

        public Builder priority(DownloadPriority v) {
            priority = v;
            return this;
        }

        public Builder addFile(CatalogFile v) {
            files.add(Objects.requireNonNull(v, "file"));
            return this;
        }

        public Builder bootstrapper(CatalogFile v) {
            bootstrapper = v;
            return this;
        }

        public Builder addBundled(CatalogUpdate v) {
            bundled.add(Objects.requireNonNull(v, "bundled"));
            return this;
        }

        public Builder mandatory(boolean v) {
            mandatory = v;
            return this;
        }

        public Builder beta(boolean v) {
            beta = v;
            return this;
        }

        public Builder msrcSeverity(String v) {
            msrcSeverity = v;
            return this;
        }

        public Builder supportUrl(String v) {
            supportUrl = v;
            return this;
        }

        public Builder lastDeploymentChangeTime(Instant v) {
            lastDeploymentChangeTime = v;
            return this;
        }

        /** The update; {@link IllegalArgumentException} when a promise of {@link CatalogUpdate} is broken. */
        public CatalogUpdate build() {
            return new CatalogUpdate(
                    id,
                    revision,
                    title,
                    kb,
                    description,
                    type,
                    categories,
                    installed,
                    hidden,
                    browseOnly,
                    eulaAccepted,
                    priority,
                    files,
                    bootstrapper,
                    bundled,
                    mandatory,
                    beta,
                    msrcSeverity,
                    supportUrl,
                    lastDeploymentChangeTime,
                    deploymentAction,
                    supersededUpdateIds);
        }
    }
}
