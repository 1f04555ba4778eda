package io.github.wudl.wua;

import java.time.Instant;
import java.util.List;

/**
 * IUpdate (with IUpdate3.BrowseOnly): one update as a backend knows it. Member names follow WUA.
 *
 * <p>Everything but {@link #isDownloaded()}, {@link #isHidden()} and {@link #eulaAccepted()} is fixed when
 * the update is found. {@code isDownloaded} reflects the content store at the time of the call. Byte
 * counts are {@code long} (WUA's DECIMAL, exact).
 */
public interface Update {
    String title();

    UpdateIdentity identity();

    List<String> kbArticleIDs();

    String description();

    UpdateType type();

    List<Category> categories();

    boolean isDownloaded();

    boolean isInstalled();

    boolean isHidden();

    void setIsHidden(boolean hidden);

    boolean browseOnly();

    boolean eulaAccepted();

    void acceptEula();

    boolean isMandatory();

    boolean isBeta();

    /** MsrcSeverity: "Critical", "Important", "Moderate", "Low", or "" when not rated. */
    String msrcSeverity();

    String supportUrl();

    /** LastDeploymentChangeTime, or null when the source gives none. */
    Instant lastDeploymentChangeTime();

    InstallationBehavior installationBehavior();

    /** DeploymentAction; Installation unless the source says otherwise. */
    default DeploymentAction deploymentAction() {
        return DeploymentAction.Installation;
    }

    /** SupersededUpdateIDs: the UpdateIDs of the updates this one supersedes (empty when the source has none). */
    default List<String> supersededUpdateIDs() {
        return List.of();
    }

    /** Sum of all content file sizes, bundled updates included. */
    long maxDownloadSize();

    /** Size of the smallest file set that can be downloaded (WUA: the smallest delta); here equal to max. */
    long minDownloadSize();

    /** The suggested priority of this update's download. */
    DownloadPriority downloadPriority();

    List<UpdateDownloadContent> downloadContents();

    /** The updates bundled in this one: a read-only collection, empty when there are none. */
    UpdateCollection bundledUpdates();
}
