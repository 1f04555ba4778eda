package io.github.wudl.scanfile;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small in-memory model of an offline scan file (wsusscn2.cab): the updates of its package.xml, their
 * detail fragments and their payload files. {@link ScanFileFixture} turns it into a cabinet of the real shape.
 *
 * <p>Categories (company, product family, product, classification) are updates like any other, as in the real
 * file: their UpdateId is the category GUID and their title is in the l/ fragment.
 */
public final class ScanModel {
    /** Category types as package.xml writes them in {@code <Category Type="...">}. */
    public static final String COMPANY = "Company";

    public static final String PRODUCT_FAMILY = "ProductFamily";
    public static final String PRODUCT = "Product";
    public static final String CLASSIFICATION = "UpdateClassification";

    /** Classification GUIDs of Microsoft Update (see /tmp/scanfile-shape.md for the sources). */
    public static final String SECURITY_UPDATES = "0fa1201d-4330-4fa8-8ae9-b877473b6441";

    public static final String CRITICAL_UPDATES = "e6cf1350-c01b-414d-a61f-263d14d133b4";
    public static final String UPDATE_ROLLUPS = "28bc880e-0592-4cbf-8f95-c79b17911d5f";
    public static final String SERVICE_PACKS = "68c5b0a3-d1a6-4553-ae49-01d3a7827828";
    public static final String UPDATES = "cd5ffd1e-e932-4e3a-bf74-18bf0b1bbd83";
    public static final String DEFINITION_UPDATES = "e0789628-ce08-4437-be74-2495b842f43b";
    public static final String DRIVERS = "ebfc1fc5-71a4-4f7b-9aca-3b9a503104a0";
    public static final String FEATURE_PACKS = "b54e7d24-7add-428f-8b75-90a396fa584f";
    public static final String TOOLS = "b4832bd8-e735-4761-8daf-37f882276dab";
    public static final String UPGRADES = "3689bdc8-b205-4af4-8d4a-a63924c5e9d5";

    /** Company Microsoft, product family Windows, product Windows Server 2022 (real GUIDs). */
    public static final String MICROSOFT = "56309036-4c77-4dd9-951a-99ee9c246a94";

    public static final String WINDOWS = "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d";
    public static final String WINDOWS_SERVER_2022 = "71718f13-7324-4b0f-8f9e-2ca9dc978e53";

    /** Update handler URIs (x/ {@code Handler} attribute). */
    public static final String HANDLER_PREFIX = "http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/";

    private final List<Update> updates = new ArrayList<>();

    /** Adds an update and returns it for further settings. */
    public Update update(String updateId, int revisionId) {
        Update u = new Update(updateId, revisionId);
        updates.add(u);
        return u;
    }

    /**
     * Adds a category update: {@code type} is one of {@link #COMPANY}, {@link #PRODUCT_FAMILY}, {@link #PRODUCT},
     * {@link #CLASSIFICATION}; {@code guid} is its UpdateId; the title goes to l/en/.
     */
    public Update category(String type, String guid, int revisionId, String title) {
        return update(guid, revisionId)
                .updateType("Category")
                .categoryType(type)
                .deploymentAction("Evaluate")
                .revisionNumber(100)
                .title("en", title, title);
    }

    /** The updates in ascending RevisionId, the order of package.xml and of the detail cabinets. */
    public List<Update> updates() {
        List<Update> sorted = new ArrayList<>(updates);
        sorted.sort(Comparator.comparingInt(Update::revisionId));
        return Collections.unmodifiableList(sorted);
    }

    /** One entry of {@code <Categories>}. */
    public record CategoryRef(String type, String id) {}

    /** Localized title and description of one language (l/&lt;lang&gt;/&lt;RevisionId&gt;). */
    public record Text(String title, String description) {}

    /**
     * A payload file: {@code <PayloadFiles><File Id="digest"/>} in package.xml, a {@code <FileLocation>} with its
     * URL, and a {@code <File>} with name, size and digests in x/.
     */
    public record PayloadFile(
            String fileName, long size, String sha1Hex, String sha256Hex, String url, String modified) {
        public static PayloadFile of(String fileName, long size, String sha1Hex, String sha256Hex, String url) {
            return new PayloadFile(fileName, size, sha1Hex, sha256Hex, url, "2026-11-05T09:12:44.123Z");
        }

        /** The {@code Digest} / FileLocation {@code Id}: base64 of the SHA-1. */
        public String digest() {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha1Hex));
        }

        public String sha256Base64() {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
        }
    }

    /** One {@code <Update>} of package.xml with its detail fragments. Settings return {@code this}. */
    public static final class Update {
        private final String updateId;
        private final int revisionId;
        private int revisionNumber = 200;
        private String creationDate = "2026-11-11T18:00:00Z";
        private String defaultLanguage = "en";
        private String deploymentAction;
        private boolean bundle;
        private boolean leaf = true;
        private String updateType = "Software";
        private String categoryType;
        private final List<CategoryRef> categories = new ArrayList<>();
        private final List<Integer> bundledBy = new ArrayList<>();
        private final List<Integer> supersededBy = new ArrayList<>();
        private final List<List<String>> prerequisites = new ArrayList<>();
        private final List<String> languages = new ArrayList<>();
        private final List<PayloadFile> payload = new ArrayList<>();
        private final List<String> bundledUpdates = new ArrayList<>();
        private final List<String> supersededUpdates = new ArrayList<>();
        private final Map<String, Text> localized = new LinkedHashMap<>();
        private String kb;
        private String msrcSeverity;
        private String supportUrl;
        private String securityBulletin;
        private boolean beta;
        private String handler;
        private String eula;

        Update(String updateId, int revisionId) {
            this.updateId = updateId;
            this.revisionId = revisionId;
        }

        public Update revisionNumber(int value) {
            revisionNumber = value;
            return this;
        }

        /** CreationDate, e.g. {@code 2026-11-11T18:00:00Z}. */
        public Update created(String value) {
            creationDate = value;
            return this;
        }

        public Update defaultLanguage(String value) {
            defaultLanguage = value;
            return this;
        }

        /** {@code Bundle} for a child deployed through its bundle, {@code Evaluate} for categories; null = none. */
        public Update deploymentAction(String value) {
            deploymentAction = value;
            return this;
        }

        /** IsBundle (written only when true). */
        public Update bundle(boolean value) {
            bundle = value;
            return this;
        }

        /** IsLeaf (written only when true; true by default). */
        public Update leaf(boolean value) {
            leaf = value;
            return this;
        }

        /** c/ {@code <Properties UpdateType>}: Software, Driver, Category, Detectoid. */
        public Update updateType(String value) {
            updateType = value;
            return this;
        }

        Update categoryType(String value) {
            categoryType = value;
            return this;
        }

        public Update category(String type, String id) {
            categories.add(new CategoryRef(type, id));
            return this;
        }

        /** {@code <BundledBy><Revision Id>}: the RevisionIds of the bundles holding this update. */
        public Update bundledBy(int... revisionIds) {
            for (int r : revisionIds) bundledBy.add(r);
            return this;
        }

        /** {@code <SupersededBy><Revision Id>}: the RevisionIds of the updates replacing this one. */
        public Update supersededBy(int... revisionIds) {
            for (int r : revisionIds) supersededBy.add(r);
            return this;
        }

        /** A prerequisite {@code <UpdateId Id>}. */
        public Update prerequisite(String updateId) {
            prerequisites.add(List.of(updateId));
            return this;
        }

        /** An {@code <Or>} group of prerequisites: any one of them. */
        public Update prerequisiteAnyOf(String... updateIds) {
            prerequisites.add(List.of(updateIds));
            return this;
        }

        /** {@code <Languages><Language Name>}. */
        public Update language(String name) {
            languages.add(name);
            return this;
        }

        public Update payload(PayloadFile file) {
            payload.add(file);
            return this;
        }

        /** c/ {@code <BundledUpdates>}: UpdateIds this bundle holds (the forward side of BundledBy). */
        public Update bundles(String... updateIds) {
            bundledUpdates.addAll(List.of(updateIds));
            return this;
        }

        /** c/ {@code <SupersededUpdates>}: UpdateIds this update replaces (the forward side of SupersededBy). */
        public Update supersedes(String... updateIds) {
            supersededUpdates.addAll(List.of(updateIds));
            return this;
        }

        /** Title and description in l/&lt;lang&gt;/. */
        public Update title(String language, String title, String description) {
            localized.put(language, new Text(title, description));
            return this;
        }

        /** x/ {@code <KBArticleID>}: digits only, e.g. {@code 5050000}. */
        public Update kb(String value) {
            kb = value;
            return this;
        }

        /** x/ {@code MsrcSeverity}: Critical, Important, Moderate, Low. */
        public Update msrcSeverity(String value) {
            msrcSeverity = value;
            return this;
        }

        public Update supportUrl(String value) {
            supportUrl = value;
            return this;
        }

        public Update securityBulletin(String value) {
            securityBulletin = value;
            return this;
        }

        public Update beta(boolean value) {
            beta = value;
            return this;
        }

        /** x/ {@code Handler}: the last segment, e.g. Cbs, WindowsInstaller; null = none. */
        public Update handler(String value) {
            handler = value;
            return this;
        }

        /** An EULA text: e/&lt;RevisionId&gt; and {@code <EulaFiles>} in package.xml. */
        public Update eula(String text) {
            eula = text;
            return this;
        }

        public String updateId() {
            return updateId;
        }

        public int revisionId() {
            return revisionId;
        }

        public int revisionNumber() {
            return revisionNumber;
        }

        public String creationDate() {
            return creationDate;
        }

        public String defaultLanguage() {
            return defaultLanguage;
        }

        public String deploymentAction() {
            return deploymentAction;
        }

        public boolean isBundle() {
            return bundle;
        }

        public boolean isLeaf() {
            return leaf;
        }

        public String updateType() {
            return updateType;
        }

        public String categoryType() {
            return categoryType;
        }

        public List<CategoryRef> categories() {
            return Collections.unmodifiableList(categories);
        }

        public List<Integer> bundledBy() {
            return Collections.unmodifiableList(bundledBy);
        }

        public List<Integer> supersededBy() {
            return Collections.unmodifiableList(supersededBy);
        }

        public List<List<String>> prerequisites() {
            return Collections.unmodifiableList(prerequisites);
        }

        public List<String> languages() {
            return Collections.unmodifiableList(languages);
        }

        public List<PayloadFile> payload() {
            return Collections.unmodifiableList(payload);
        }

        public List<String> bundledUpdates() {
            return Collections.unmodifiableList(bundledUpdates);
        }

        public List<String> supersededUpdates() {
            return Collections.unmodifiableList(supersededUpdates);
        }

        public Map<String, Text> localized() {
            return Collections.unmodifiableMap(localized);
        }

        public String kb() {
            return kb;
        }

        public String msrcSeverity() {
            return msrcSeverity;
        }

        public String supportUrl() {
            return supportUrl;
        }

        public String securityBulletin() {
            return securityBulletin;
        }

        public boolean isBeta() {
            return beta;
        }

        public String handler() {
            return handler;
        }

        public String eula() {
            return eula;
        }

        /** The e/ EULA file's id in package.xml: base64 of a digest derived from the RevisionId. */
        public String eulaId() {
            byte[] b = new byte[20];
            for (int i = 0; i < 4; i++) b[i] = (byte) (revisionId >>> (24 - 8 * i));
            b[19] = (byte) 0xe1;
            return Base64.getEncoder().encodeToString(b);
        }
    }
}
