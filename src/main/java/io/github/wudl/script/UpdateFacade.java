package io.github.wudl.script;

import io.github.wudl.wua.Category;
import io.github.wudl.wua.InstallationBehavior;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadContent;
import io.github.wudl.wua.UpdateIdentity;
import java.util.List;

/**
 * IUpdate (with IUpdate2..5's members scripts read) over an {@link Update}. Title is the default member, so
 * {@code "" + update} and {@code WScript.Echo(update)} show the title as under WSH. Members the object model
 * does not carry answer WUA's value for an update that says nothing (empty collections, false, "").
 */
final class UpdateFacade extends Dispatch {
    private static final Members IDENTITY = Members.<RecordFacade<UpdateIdentity>>of("IUpdateIdentity")
            .get("UpdateID", r -> r.value().updateID())
            .get("RevisionNumber", r -> r.value().revisionNumber())
            .build();

    private static final Members BEHAVIOR = Members.<RecordFacade<InstallationBehavior>>of("IInstallationBehavior")
            .get("CanRequestUserInput", r -> r.value().canRequestUserInput())
            .get("Impact", r -> r.value().impact())
            .get("RebootBehavior", r -> r.value().rebootBehavior())
            .get("RequiresNetworkConnectivity", r -> r.value().requiresNetworkConnectivity())
            .build();

    private static final Members CATEGORY = Members.<RecordFacade<Category>>of("ICategory")
            .get("CategoryID", r -> r.value().categoryID())
            .get("Name", r -> r.value().name())
            .get("Type", r -> r.value().type())
            // what a catalog does not carry: WUA's value for a category that says nothing more
            .get("Description", r -> "")
            .get("Order", r -> 0)
            .get("Parent", r -> null)
            .get("Image", r -> null)
            .get("Children", r -> ListFacade.of(r.realm, List.of()))
            .get("Updates", r -> ListFacade.of(r.realm, List.of()))
            .hiddenMethod("toString", (r, a) -> r.value().name())
            .build();

    private static final Members CONTENT = Members.<RecordFacade<UpdateDownloadContent>>of("IUpdateDownloadContent")
            .get("DownloadUrl", r -> r.value().downloadUrl())
            .get("IsDeltaCompressedContent", r -> r.value().isDeltaCompressedContent())
            .build();

    private static final Members MEMBERS = Members.<UpdateFacade>of("IUpdate")
            .get("Title", u -> u.update.title())
            .get("Identity", u -> new RecordFacade<>(u.realm, IDENTITY, u.update.identity()))
            .get("KBArticleIDs", u -> ListFacade.of(u.realm, u.update.kbArticleIDs()))
            .get("Description", u -> u.update.description())
            .get("Type", u -> u.update.type())
            .get(
                    "Categories",
                    u -> ListFacade.of(
                            u.realm,
                            u.update.categories().stream()
                                    .map(c -> new RecordFacade<>(u.realm, CATEGORY, c))
                                    .toList()))
            .get("IsDownloaded", u -> u.update.isDownloaded())
            .get("IsInstalled", u -> u.update.isInstalled())
            .prop("IsHidden", u -> u.update.isHidden(), (u, v) -> u.update.setIsHidden(Args.toBoolean(v, "IsHidden")))
            .get("BrowseOnly", u -> u.update.browseOnly())
            .get("EulaAccepted", u -> u.update.eulaAccepted())
            .method("AcceptEula", (u, a) -> {
                u.update.acceptEula();
                return null;
            })
            .get("IsMandatory", u -> u.update.isMandatory())
            .get("IsBeta", u -> u.update.isBeta())
            .get("MsrcSeverity", u -> u.update.msrcSeverity())
            .get("SupportUrl", u -> u.update.supportUrl())
            .get("DeploymentAction", u -> u.update.deploymentAction().value())
            .get("SupersededUpdateIDs", u -> ListFacade.of(u.realm, u.update.supersededUpdateIDs()))
            .get("LastDeploymentChangeTime", u -> u.update.lastDeploymentChangeTime())
            .get("InstallationBehavior", u -> new RecordFacade<>(u.realm, BEHAVIOR, u.update.installationBehavior()))
            .get("MaxDownloadSize", u -> u.update.maxDownloadSize())
            .get("MinDownloadSize", u -> u.update.minDownloadSize())
            .get("DownloadPriority", u -> u.update.downloadPriority())
            .get(
                    "DownloadContents",
                    u -> ListFacade.of(
                            u.realm,
                            u.update.downloadContents().stream()
                                    .map(c -> new RecordFacade<>(u.realm, CONTENT, c))
                                    .toList()))
            .get("BundledUpdates", u -> u.bundled())
            // IUpdate members a catalog does not carry: WUA's values for an update that says nothing of them
            .get("AutoSelectOnWebSites", u -> false)
            .get("Deadline", u -> u.realm.undefined()) // VT_EMPTY: no deadline
            .get("UninstallationBehavior", u -> new RecordFacade<>(u.realm, BEHAVIOR, InstallationBehavior.DEFAULT))
            .get("UninstallationNotes", u -> "")
            .get("UninstallationSteps", u -> ListFacade.of(u.realm, List.of()))
            .get("HandlerID", u -> "")
            .get("Image", u -> null)
            .get("Languages", u -> ListFacade.of(u.realm, List.of()))
            .get("RecommendedCpuSpeed", u -> 0)
            .get("RecommendedHardDiskSpace", u -> 0)
            .get("RecommendedMemory", u -> 0)
            .get("DeltaCompressedContentAvailable", u -> false)
            .get("DeltaCompressedContentPreferred", u -> true)
            .get("PerUser", u -> false) // IUpdate4
            .get("AutoSelection", u -> 0) // IUpdate5: asLetWindowsUpdateDecide
            .get("AutoDownload", u -> 0) // IUpdate5: adLetWindowsUpdateDecide
            .method("CopyFromCache", (u, a) -> {
                throw new io.github.wudl.wua.WuaException(
                        io.github.wudl.wua.HResult.WU_E_NOT_SUPPORTED,
                        "CopyFromCache changes what Windows Update holds on a machine; wudl manages no machine"
                                + " (its downloads are in its own cache and --out folder)");
            })
            .method("CopyToCache", (u, a) -> {
                throw new io.github.wudl.wua.WuaException(
                        io.github.wudl.wua.HResult.WU_E_NOT_SUPPORTED,
                        "CopyToCache changes what Windows Update holds on a machine; wudl manages no machine"
                                + " (its downloads are in its own cache and --out folder)");
            })
            .get("IsPresent", u -> u.update.isInstalled())
            .get("RebootRequired", u -> false)
            .get("IsUninstallable", u -> false)
            .get("CanRequireSource", u -> false)
            .get("EulaText", u -> "")
            .get("ReleaseNotes", u -> "")
            .get("CveIDs", u -> ListFacade.of(u.realm, List.of()))
            .get("SecurityBulletinIDs", u -> ListFacade.of(u.realm, List.of()))
            .get(
                    "MoreInfoUrls",
                    u -> ListFacade.of(
                            u.realm,
                            u.update.supportUrl() == null
                                            || u.update.supportUrl().isEmpty()
                                    ? List.of()
                                    : List.of(u.update.supportUrl())))
            .hiddenMethod("toString", (u, a) -> u.update.title())
            .build();

    final Update update;

    private UpdateFacade(Realm realm, Update update) {
        super(realm, MEMBERS);
        this.update = update;
    }

    /** The one facade of {@code update} in this run. */
    static UpdateFacade of(Realm realm, Update update) {
        return realm.facade(update, () -> new UpdateFacade(realm, update));
    }

    private UpdateCollectionFacade bundled() {
        var bundled = update.bundledUpdates();
        var origin = realm.originOf(update);
        if (origin != null) {
            realm.recordOrigin(bundled, origin);
        }
        return UpdateCollectionFacade.of(realm, bundled);
    }

    @Override
    public String toString() {
        return "[object IUpdate: " + update.title() + "]";
    }
}
