package io.github.wudl.scanfile;

import io.github.wudl.scanfile.ScanModel.CategoryRef;
import io.github.wudl.scanfile.ScanModel.PayloadFile;
import io.github.wudl.scanfile.ScanModel.Text;
import io.github.wudl.scanfile.ScanModel.Update;
import java.util.List;

/**
 * The XML text of a scan file, written by hand into a {@link StringBuilder} per element so that package.xml
 * streams. The shapes follow /tmp/scanfile-shape.md: package.xml in the OfflineSync namespace with no whitespace
 * between elements; the fragments without declaration or namespace, c/ and x/ as several top-level elements.
 */
final class FixtureXml {
    static final String OFFLINE_SYNC = "http://schemas.microsoft.com/msus/2004/02/OfflineSync";

    private FixtureXml() {}

    /** The start of package.xml, up to and including {@code <Updates>}. */
    static String packageStart(String packageId, String creationDate) {
        StringBuilder sb = new StringBuilder(400);
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        sb.append("<OfflineSyncPackage xmlns=\"").append(OFFLINE_SYNC).append('"');
        attr(sb, "MinimumClientVersion", "5.8.0.2678");
        attr(sb, "PackageId", packageId);
        attr(sb, "PackageVersion", "1.1");
        attr(sb, "ProtocolVersion", "1.0");
        attr(sb, "CreationDate", creationDate);
        attr(sb, "SourceId", "802cb907-a558-4033-9844-bbf65cd3481e");
        return sb.append("><Updates>").toString();
    }

    static final String UPDATES_END_LOCATIONS_START = "</Updates><FileLocations>";
    static final String PACKAGE_END = "</FileLocations></OfflineSyncPackage>";

    /** One {@code <Update>} element of package.xml. */
    static void update(StringBuilder sb, Update u) {
        sb.append("<Update");
        attr(sb, "CreationDate", u.creationDate());
        attr(sb, "DefaultLanguage", u.defaultLanguage());
        attr(sb, "UpdateId", u.updateId());
        attr(sb, "RevisionNumber", Integer.toString(u.revisionNumber()));
        attr(sb, "RevisionId", Integer.toString(u.revisionId()));
        if (u.isLeaf()) attr(sb, "IsLeaf", "true");
        if (u.isBundle()) attr(sb, "IsBundle", "true");
        if (u.deploymentAction() != null) attr(sb, "DeploymentAction", u.deploymentAction());
        if ("Driver".equals(u.updateType())) attr(sb, "IsSoftware", "false");
        sb.append('>');
        if (!u.prerequisites().isEmpty()) {
            sb.append("<Prerequisites>");
            for (List<String> group : u.prerequisites()) {
                if (group.size() == 1) {
                    updateIdRef(sb, group.get(0));
                } else {
                    sb.append("<Or>");
                    for (String id : group) updateIdRef(sb, id);
                    sb.append("</Or>");
                }
            }
            sb.append("</Prerequisites>");
        }
        if (!u.categories().isEmpty()) {
            sb.append("<Categories>");
            for (CategoryRef c : u.categories()) {
                sb.append("<Category");
                attr(sb, "Type", c.type());
                attr(sb, "Id", c.id());
                sb.append("/>");
            }
            sb.append("</Categories>");
        }
        if (!u.languages().isEmpty()) {
            sb.append("<Languages>");
            for (String l : u.languages()) {
                sb.append("<Language");
                attr(sb, "Name", l);
                sb.append("/>");
            }
            sb.append("</Languages>");
        }
        revisions(sb, "BundledBy", u.bundledBy());
        revisions(sb, "SupersededBy", u.supersededBy());
        if (!u.payload().isEmpty()) {
            sb.append("<PayloadFiles>");
            for (PayloadFile f : u.payload()) {
                sb.append("<File");
                attr(sb, "Id", f.digest());
                sb.append("/>");
            }
            sb.append("</PayloadFiles>");
        }
        if (u.eula() != null) {
            sb.append("<EulaFiles><File");
            attr(sb, "Id", u.eulaId());
            sb.append("><Language");
            attr(sb, "Name", u.defaultLanguage());
            sb.append("/></File></EulaFiles>");
        }
        sb.append("</Update>");
    }

    static void fileLocation(StringBuilder sb, PayloadFile f) {
        sb.append("<FileLocation");
        attr(sb, "Id", f.digest());
        attr(sb, "Url", f.url());
        sb.append("/>");
    }

    /** c/&lt;RevisionId&gt;: identity, properties, relationships, applicability rules. */
    static String core(Update u) {
        StringBuilder sb = new StringBuilder(600);
        sb.append("<UpdateIdentity");
        attr(sb, "UpdateID", u.updateId());
        attr(sb, "RevisionNumber", Integer.toString(u.revisionNumber()));
        sb.append(" />");
        sb.append("<Properties");
        attr(sb, "UpdateType", u.updateType());
        if (!"Category".equals(u.updateType()) && !"Detectoid".equals(u.updateType())) {
            attr(sb, "ExplicitlyDeployable", u.bundledBy().isEmpty() ? "true" : "false");
            attr(sb, "AutoSelectOnWebSites", "true");
        }
        sb.append(" />");
        sb.append("<Relationships>");
        if (!u.supersededUpdates().isEmpty()) {
            sb.append("<SupersededUpdates>");
            for (String id : u.supersededUpdates()) identity(sb, id, -1);
            sb.append("</SupersededUpdates>");
        }
        if (!u.prerequisites().isEmpty()) {
            sb.append("<Prerequisites>");
            for (List<String> group : u.prerequisites()) {
                if (group.size() == 1) {
                    identity(sb, group.get(0), -1);
                } else {
                    sb.append("<AtLeastOne>");
                    for (String id : group) identity(sb, id, -1);
                    sb.append("</AtLeastOne>");
                }
            }
            for (CategoryRef c : u.categories()) {
                if (c.type().equals(ScanModel.PRODUCT) || c.type().equals(ScanModel.CLASSIFICATION)) {
                    sb.append("<AtLeastOne IsCategory=\"true\">");
                    identity(sb, c.id(), -1);
                    sb.append("</AtLeastOne>");
                }
            }
            sb.append("</Prerequisites>");
        }
        if (!u.bundledUpdates().isEmpty()) {
            sb.append("<BundledUpdates>");
            for (String id : u.bundledUpdates()) identity(sb, id, u.revisionNumber());
            sb.append("</BundledUpdates>");
        }
        sb.append("</Relationships>");
        if (!"Category".equals(u.updateType())) {
            sb.append("<ApplicabilityRules><IsInstalled>");
            sb.append("<cbsar:CbsPackageInstalled xmlns:cbsar=\"http://schemas.microsoft.com/msus/2002/12/");
            sb.append("CbsApplicabilityRules\" /></IsInstalled><IsInstallable>");
            sb.append("<cbsar:CbsPackageInstallable xmlns:cbsar=\"http://schemas.microsoft.com/msus/2002/12/");
            sb.append("CbsApplicabilityRules\" /></IsInstallable></ApplicabilityRules>");
        }
        return sb.toString();
    }

    /** x/&lt;RevisionId&gt;: ExtendedProperties, then Files and HandlerSpecificData as siblings. */
    static String extended(Update u) {
        StringBuilder sb = new StringBuilder(600);
        long max = 0;
        for (PayloadFile f : u.payload()) max = Math.max(max, f.size());
        sb.append("<ExtendedProperties");
        attr(sb, "DefaultPropertiesLanguage", u.defaultLanguage());
        String handler = "Category".equals(u.updateType()) ? "Category" : u.handler();
        if (handler != null) attr(sb, "Handler", ScanModel.HANDLER_PREFIX + handler);
        if (u.msrcSeverity() != null) attr(sb, "MsrcSeverity", u.msrcSeverity());
        if (!"Category".equals(u.updateType())) attr(sb, "IsBeta", Boolean.toString(u.isBeta()));
        attr(sb, "MaxDownloadSize", Long.toString(max));
        attr(sb, "MinDownloadSize", "0");
        sb.append('>');
        if (u.handler() != null) {
            sb.append("<InstallationBehavior RebootBehavior=\"CanRequestReboot\" />");
            sb.append("<UninstallationBehavior RebootBehavior=\"CanRequestReboot\" />");
        }
        element(sb, "SupportUrl", u.supportUrl());
        element(sb, "SecurityBulletinID", u.securityBulletin());
        element(sb, "KBArticleID", u.kb());
        sb.append("</ExtendedProperties>");
        if (!u.payload().isEmpty()) {
            sb.append("<Files>");
            for (PayloadFile f : u.payload()) {
                sb.append("<File");
                attr(sb, "Digest", f.digest());
                attr(sb, "DigestAlgorithm", "SHA1");
                attr(sb, "FileName", f.fileName());
                attr(sb, "Size", Long.toString(f.size()));
                attr(sb, "Modified", f.modified());
                attr(sb, "PatchingType", "SelfContained");
                if (f.sha256Hex() == null) {
                    sb.append("/>"); // an older file: its SHA-1 only
                } else {
                    sb.append("><AdditionalDigest Algorithm=\"SHA256\">");
                    sb.append(f.sha256Base64()).append("</AdditionalDigest></File>");
                }
            }
            sb.append("</Files>");
        }
        if ("Category".equals(u.updateType())) {
            sb.append("<HandlerSpecificData type=\"cat:Category\"><cat:CategoryInformation");
            attr(sb, "xmlns:cat", ScanModel.HANDLER_PREFIX + "Category");
            attr(sb, "CategoryType", u.categoryType());
            attr(sb, "ProhibitsSubcategories", Boolean.toString(ScanModel.CLASSIFICATION.equals(u.categoryType())));
            attr(sb, "ProhibitsUpdates", Boolean.toString(!ScanModel.PRODUCT.equals(u.categoryType())));
            sb.append(" DisplayOrder=\"0\" /></HandlerSpecificData>");
        } else if ("Cbs".equals(u.handler()) && !u.payload().isEmpty()) {
            sb.append("<HandlerSpecificData type=\"cbs:Cbs\"><cbs:CbsData");
            attr(sb, "xmlns:cbs", ScanModel.HANDLER_PREFIX + "Cbs");
            sb.append(" RequiresExclusiveHandling=\"false\" /></HandlerSpecificData>");
        }
        return sb.toString();
    }

    /** l/&lt;lang&gt;/&lt;RevisionId&gt;: one LocalizedProperties element. */
    static String localized(String language, Text text, Update u) {
        StringBuilder sb = new StringBuilder(900);
        sb.append("<LocalizedProperties>");
        element(sb, "Language", language);
        element(sb, "Title", text.title());
        element(sb, "Description", text.description());
        if (!"Category".equals(u.updateType())) {
            element(
                    sb,
                    "UninstallNotes",
                    "This software update can be removed by selecting View installed updates in the Programs"
                            + " and Features Control Panel.");
            if (u.kb() != null) element(sb, "MoreInfoUrl", "https://support.microsoft.com/help/" + u.kb());
            element(sb, "SupportUrl", u.supportUrl());
        }
        return sb.append("</LocalizedProperties>").toString();
    }

    /** index.xml. {@code names[i]} holds RevisionIds from {@code starts[i]} on; names[0] is package.cab. */
    static String index(List<String> names, List<Integer> starts) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<INDEX VERSION=\"1\">\n    <CABLIST XOR=\"0\">\n");
        sb.append("        <CAB NAME=\"package.cab\" />\n");
        for (int i = 0; i < names.size(); i++) {
            sb.append("        <CAB");
            attr(sb, "NAME", names.get(i));
            attr(sb, "RANGESTART", Integer.toString(starts.get(i)));
            if (i == 0) attr(sb, "FILESDIR", "1");
            sb.append(" />\n");
        }
        return sb.append("    </CABLIST>\n</INDEX>\n").toString();
    }

    private static void updateIdRef(StringBuilder sb, String id) {
        sb.append("<UpdateId");
        attr(sb, "Id", id);
        sb.append("/>");
    }

    private static void identity(StringBuilder sb, String id, int revisionNumber) {
        sb.append("<UpdateIdentity");
        attr(sb, "UpdateID", id);
        if (revisionNumber >= 0) attr(sb, "RevisionNumber", Integer.toString(revisionNumber));
        sb.append(" />");
    }

    private static void revisions(StringBuilder sb, String name, List<Integer> revisionIds) {
        if (revisionIds.isEmpty()) return;
        sb.append('<').append(name).append('>');
        for (int r : revisionIds) sb.append("<Revision Id=\"").append(r).append("\"/>");
        sb.append("</").append(name).append('>');
    }

    private static void element(StringBuilder sb, String name, String text) {
        if (text == null) return;
        sb.append('<').append(name).append('>');
        escape(sb, text);
        sb.append("</").append(name).append('>');
    }

    private static void attr(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        escape(sb, value);
        sb.append('"');
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
    }
}
