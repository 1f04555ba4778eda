package io.github.wudl.windows;

import io.github.wudl.wua.Category;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.InstallationBehavior;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadContent;
import io.github.wudl.wua.UpdateIdentity;
import io.github.wudl.wua.UpdateType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * IUpdate over COM: the fixed members are read once when the update is found (on the COM thread);
 * IsDownloaded, IsHidden and EulaAccepted are asked of WUA at each call. Holds a reference to the IUpdate,
 * which the downloader hands back to WUA.
 */
final class WuaUpdate implements Update {
    private final Wua wua;
    final ComRef update;
    private final String title;
    private final UpdateIdentity identity;
    private final List<String> kb;
    private final String description;
    private final UpdateType type;
    private final List<Category> categories;
    private final boolean installed;
    private final boolean browseOnly;
    private final boolean mandatory;
    private final boolean beta;
    private final String msrcSeverity;
    private final String supportUrl;
    private final Instant lastDeploymentChangeTime;
    private final long maxDownloadSize;
    private final long minDownloadSize;
    private final DownloadPriority priority;
    private final List<UpdateDownloadContent> contents;
    private final UpdateCollection bundled;

    private WuaUpdate(Wua wua, ComRef u) {
        this.wua = wua;
        this.update = u;
        title = wua.getString(u, Wua.UPDATE_TITLE, "Title");
        try (ComRef id = wua.getRef(u, Wua.UPDATE_IDENTITY, "Identity")) {
            identity = new UpdateIdentity(
                    wua.getString(id, Wua.IDENTITY_UPDATE_ID, "UpdateID").toLowerCase(java.util.Locale.ROOT),
                    wua.getInt(id, Wua.IDENTITY_REVISION_NUMBER, "RevisionNumber"));
        }
        try (ComRef ids = wua.getRef(u, Wua.UPDATE_KB_ARTICLE_IDS, "KBArticleIDs")) {
            kb = strings(wua, ids);
        }
        description = text(wua.getByName(u, "Description"));
        type = UpdateType.fromValue(wua.getInt(u, Wua.UPDATE_TYPE, "Type"));
        categories = categories(wua, u);
        installed = wua.getBool(u, Wua.UPDATE_IS_INSTALLED, "IsInstalled");
        browseOnly = Boolean.TRUE.equals(optional(wua, u, "BrowseOnly")); // IUpdate3; older agents lack it
        mandatory = wua.getBool(u, Wua.UPDATE_IS_MANDATORY, "IsMandatory");
        beta = wua.getBool(u, Wua.UPDATE_IS_BETA, "IsBeta");
        msrcSeverity = text(wua.getByName(u, "MsrcSeverity"));
        supportUrl = text(wua.getByName(u, "SupportUrl"));
        Object changed = wua.getByName(u, "LastDeploymentChangeTime");
        lastDeploymentChangeTime = changed instanceof Instant i ? i : null;
        maxDownloadSize = wua.getBytes(u, Wua.UPDATE_MAX_DOWNLOAD_SIZE, "MaxDownloadSize");
        minDownloadSize = wua.getBytes(u, Wua.UPDATE_MIN_DOWNLOAD_SIZE, "MinDownloadSize");
        priority = DownloadPriority.fromValue(wua.getInt(u, Wua.UPDATE_DOWNLOAD_PRIORITY, "DownloadPriority"));
        contents = contents(wua, u);
        try (ComRef b = wua.getRef(u, Wua.UPDATE_BUNDLED_UPDATES, "BundledUpdates")) {
            bundled = UpdateCollection.readOnlySnapshot(WuaSearcher.updates(wua, b));
        }
    }

    /** Snapshots {@code u}, taking over its reference; on the COM thread. */
    static WuaUpdate read(Wua wua, ComRef u) {
        return new WuaUpdate(wua, u);
    }

    private static String text(Object v) {
        return v == null ? "" : v.toString();
    }

    private static Object optional(Wua wua, ComRef u, String name) {
        try {
            return wua.getByName(u, name);
        } catch (io.github.wudl.wua.WuaException unknownName) {
            return null;
        }
    }

    private static List<String> strings(Wua wua, ComRef collection) {
        int n = wua.count(collection);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(text(wua.auto.get(collection.pointer(), Wua.COLLECTION_ITEM, "Item(" + i + ")", i)));
        }
        return out;
    }

    private static List<Category> categories(Wua wua, ComRef u) {
        List<Category> out = new ArrayList<>();
        try (ComRef cats = (ComRef) wua.getByName(u, "Categories")) {
            int n = cats == null ? 0 : wua.count(cats);
            for (int i = 0; i < n; i++) {
                try (ComRef c = wua.getRef(cats, Wua.COLLECTION_ITEM, "Item(" + i + ")", i)) {
                    out.add(new Category(text(wua.getByName(c, "CategoryID")), text(wua.getByName(c, "Name"))));
                }
            }
        }
        return out;
    }

    private static List<UpdateDownloadContent> contents(Wua wua, ComRef u) {
        List<UpdateDownloadContent> out = new ArrayList<>();
        try (ComRef list = wua.getRef(u, Wua.UPDATE_DOWNLOAD_CONTENTS, "DownloadContents")) {
            int n = wua.count(list);
            for (int i = 0; i < n; i++) {
                try (ComRef c = wua.getRef(list, Wua.COLLECTION_ITEM, "Item(" + i + ")", i)) {
                    Object delta = optional(wua, c, "IsDeltaCompressedContent"); // IUpdateDownloadContent2
                    out.add(new UpdateDownloadContent(
                            wua.getString(c, Wua.DOWNLOAD_CONTENT_URL, "DownloadUrl"), Boolean.TRUE.equals(delta)));
                }
            }
        }
        return out;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public UpdateIdentity identity() {
        return identity;
    }

    @Override
    public List<String> kbArticleIDs() {
        return kb;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public UpdateType type() {
        return type;
    }

    @Override
    public List<Category> categories() {
        return categories;
    }

    @Override
    public boolean isDownloaded() {
        return wua.com.call(() -> wua.getBool(update, Wua.UPDATE_IS_DOWNLOADED, "IsDownloaded"));
    }

    @Override
    public boolean isInstalled() {
        return installed;
    }

    @Override
    public boolean isHidden() {
        return wua.com.call(() -> wua.getBool(update, Wua.UPDATE_IS_HIDDEN, "IsHidden"));
    }

    @Override
    public void setIsHidden(boolean hidden) {
        wua.com.run(() -> wua.auto.put(update.pointer(), Wua.UPDATE_IS_HIDDEN, "IsHidden", hidden));
    }

    @Override
    public boolean browseOnly() {
        return browseOnly;
    }

    @Override
    public boolean eulaAccepted() {
        return wua.com.call(() -> wua.getBool(update, Wua.UPDATE_EULA_ACCEPTED, "EulaAccepted"));
    }

    @Override
    public void acceptEula() {
        wua.com.run(() -> wua.auto.call(update.pointer(), Wua.UPDATE_ACCEPT_EULA, "AcceptEula"));
    }

    @Override
    public boolean isMandatory() {
        return mandatory;
    }

    @Override
    public boolean isBeta() {
        return beta;
    }

    @Override
    public String msrcSeverity() {
        return msrcSeverity;
    }

    @Override
    public String supportUrl() {
        return supportUrl;
    }

    @Override
    public Instant lastDeploymentChangeTime() {
        return lastDeploymentChangeTime;
    }

    @Override
    public InstallationBehavior installationBehavior() {
        return InstallationBehavior.DEFAULT; // not read from WUA: download does not need it
    }

    @Override
    public long maxDownloadSize() {
        return maxDownloadSize;
    }

    @Override
    public long minDownloadSize() {
        return minDownloadSize;
    }

    @Override
    public DownloadPriority downloadPriority() {
        return priority;
    }

    @Override
    public List<UpdateDownloadContent> downloadContents() {
        return contents;
    }

    @Override
    public UpdateCollection bundledUpdates() {
        return bundled;
    }

    @Override
    public String toString() {
        return "WuaUpdate[" + identity.updateID() + " " + title + "]";
    }
}
