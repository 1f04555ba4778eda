package io.github.wudl.scanfile;

import io.github.wudl.scanfile.ScanModel.PayloadFile;
import io.github.wudl.scanfile.ScanModel.Update;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The updates of a real-size synthetic scan file, built anew on every {@link #get} from the seed so that nothing
 * but the few category updates is held in memory: categories and detectoids first, then groups of a bundled child
 * (DeploymentAction Bundle, with the payload) and its bundle (IsBundle, with the categories, the title and, on a
 * quarter of the lines, SupersededBy the same line's next bundle), RevisionIds ascending.
 */
final class RealSizeSource implements ScanFileFixture.Source {
    private static final int GROUP_BASE = 200_000;
    private static final int GROUP_STRIDE = 24;
    private static final String DESCRIPTION = "A security issue has been identified in a Microsoft software product"
            + " that could affect your system. You can help protect your system by installing this update from"
            + " Microsoft. For a complete listing of the issues that are included in this update, see the associated"
            + " Microsoft Knowledge Base article. After you install this update, you may have to restart your system.";
    private static final String DESCRIPTION_DE = "Ein Sicherheitsproblem wurde in einem Softwareprodukt von Microsoft"
            + " festgestellt, das Auswirkungen auf Ihr System haben könnte. Sie können zum Schutz Ihres Systems"
            + " beitragen, indem Sie dieses Update von Microsoft installieren.";

    private enum Kind {
        CU,
        NET,
        SSU,
        OFFICE,
        DU
    }

    private record Line(String product, String productId, String familyId, Kind kind, String arch, String prefix) {}

    private final long seed;
    private final int groups;
    private final int groupLocations;
    private final boolean standalone;
    private final List<Update> fixed = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();
    private final String[] detectoids = new String[3];
    private final int size;

    RealSizeSource(int updates, int fileLocations, long seed) {
        this.seed = seed;
        String office = guid("family Office");
        String w10 = guid("Windows 10, version 1903 and later");
        String w11 = guid("Windows 11");
        String s2025 = "b256987d-4693-4c87-955d-dbb9341205eb";
        String s2016 = "569e8e8f-c6cd-42c8-92a3-efbb20a0f6f5";
        String o2016 = "25aed893-7c2d-4a31-ae22-28ff8ac150ed";
        String w = ScanModel.WINDOWS;
        line("Windows Server 2022", ScanModel.WINDOWS_SERVER_2022, w, Kind.CU, "windows10.0", "x64");
        line("Windows Server 2019", "f702a48c-919b-45d6-9aef-ca4248d50397", w, Kind.CU, "windows10.0", "x64");
        line("Windows Server 2016", s2016, w, Kind.CU, "windows10.0", "x64");
        line("Microsoft server operating system version 24H2", s2025, w, Kind.CU, "windows11.0", "x64");
        line("Windows 11 Version 24H2", w11, w, Kind.CU, "windows11.0", "x64", "arm64");
        line("Windows 10 Version 22H2", w10, w, Kind.CU, "windows10.0", "x86", "x64", "arm64");
        line("Windows 10 Version 22H2", w10, w, Kind.NET, "windows10.0", "x86", "x64", "arm64");
        line("Windows Server 2016", s2016, w, Kind.SSU, "windows10.0", "x64");
        line("Microsoft Office 2016", o2016, office, Kind.OFFICE, "word2016", "x86", "x64");
        line("Windows 10 Version 22H2", w10, w, Kind.DU, "windows10.0", "x64");

        ScanModel m = new ScanModel();
        int rev = 10_000;
        m.category(ScanModel.COMPANY, ScanModel.MICROSOFT, rev += 7, "Microsoft");
        m.category(ScanModel.PRODUCT_FAMILY, w, rev += 7, "Windows").prerequisite(ScanModel.MICROSOFT);
        m.category(ScanModel.PRODUCT_FAMILY, office, rev += 7, "Office").prerequisite(ScanModel.MICROSOFT);
        List<String> products = new ArrayList<>();
        for (Line l : lines) {
            if (products.contains(l.productId())) continue;
            products.add(l.productId());
            String title = l.kind() == Kind.OFFICE ? "Office 2016" : l.product();
            m.category(ScanModel.PRODUCT, l.productId(), rev += 7, title).prerequisite(l.familyId());
        }
        String[][] classifications = {
            {ScanModel.SECURITY_UPDATES, "Security Updates"}, {ScanModel.CRITICAL_UPDATES, "Critical Updates"},
            {ScanModel.UPDATE_ROLLUPS, "Update Rollups"}, {ScanModel.SERVICE_PACKS, "Service Packs"},
            {ScanModel.UPDATES, "Updates"}, {ScanModel.DEFINITION_UPDATES, "Definition Updates"},
            {ScanModel.DRIVERS, "Drivers"}, {ScanModel.FEATURE_PACKS, "Feature Packs"},
            {ScanModel.TOOLS, "Tools"}, {ScanModel.UPGRADES, "Upgrades"}
        };
        for (String[] c : classifications) m.category(ScanModel.CLASSIFICATION, c[0], rev += 7, c[1]);
        String[] archs = {"x86", "x64", "arm64"};
        for (int i = 0; i < archs.length; i++) {
            detectoids[i] = guid("detectoid " + archs[i]);
            m.update(detectoids[i], rev += 7)
                    .updateType("Detectoid")
                    .deploymentAction("Evaluate")
                    .revisionNumber(101)
                    .created("2015-07-01T00:00:00Z")
                    .title("en", archs[i] + "-based systems", archs[i] + "-based systems");
        }
        fixed.addAll(m.updates());
        if (updates < fixed.size() + 2) throw new IllegalArgumentException("too few updates: " + updates);
        int rest = updates - fixed.size();
        this.groups = rest / 2;
        this.standalone = rest % 2 == 1;
        this.groupLocations = fileLocations - (standalone ? 1 : 0);
        this.size = updates;
    }

    private void line(String product, String productId, String familyId, Kind kind, String prefix, String... archs) {
        for (String a : archs) lines.add(new Line(product, productId, familyId, kind, a, prefix));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Update get(int index) {
        if (index < fixed.size()) return fixed.get(index);
        int j = index - fixed.size();
        if (j >= 2 * groups) return standaloneUpdate();
        return j % 2 == 0 ? child(j / 2) : bundle(j / 2);
    }

    private Random random(int g) {
        return new Random(seed * 0x9E3779B97F4A7C15L + g);
    }

    private int childRevision(int g) {
        int h = (int) ((g * 2_654_435_761L) >>> 7) & 0xffff;
        return GROUP_BASE + g * GROUP_STRIDE + h % 20;
    }

    private static String uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    private String guid(String name) {
        return UUID.nameUUIDFromBytes((seed + ":" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private LocalDate date(int g) {
        long start = LocalDate.of(2016, 1, 12).toEpochDay();
        long end = LocalDate.of(2026, 11, 10).toEpochDay();
        return LocalDate.ofEpochDay(start + (end - start) * g / Math.max(1, groups));
    }

    private Update child(int g) {
        Random r = random(g);
        String childId = uuid(r);
        uuid(r);
        Line l = lines.get(g % lines.size());
        LocalDate d = date(g);
        Update u = new Update(childId, childRevision(g))
                .created(created(d, r))
                .deploymentAction("Bundle")
                .bundledBy(childRevision(g) + 1)
                .prerequisite(detectoid(l.arch()))
                .prerequisiteAnyOf(l.productId(), l.familyId())
                .handler(l.kind() == Kind.OFFICE ? "WindowsInstaller" : "Cbs")
                .kb(kb(g))
                .title("en", title(l, d, g), DESCRIPTION);
        if (l.kind() == Kind.OFFICE) u.language("en");
        int count = (int) (((long) (g + 1) * groupLocations) / groups - ((long) g * groupLocations) / groups);
        for (int f = 0; f < count; f++) u.payload(file(r, l, d, g, f));
        return u;
    }

    private Update bundle(int g) {
        Random r = random(g);
        String childId = uuid(r);
        String bundleId = uuid(r);
        Line l = lines.get(g % lines.size());
        LocalDate d = date(g);
        String classification = switch (l.kind()) {
            case NET -> ScanModel.UPDATE_ROLLUPS;
            case DU -> ScanModel.UPDATES;
            default -> ScanModel.SECURITY_UPDATES;
        };
        Update u = new Update(bundleId, childRevision(g) + 1)
                .created(created(d, r))
                .bundle(true)
                .category(ScanModel.COMPANY, ScanModel.MICROSOFT)
                .category(ScanModel.PRODUCT_FAMILY, l.familyId())
                .category(ScanModel.PRODUCT, l.productId())
                .category(ScanModel.CLASSIFICATION, classification)
                .prerequisite(detectoid(l.arch()))
                .prerequisiteAnyOf(l.productId(), detectoids[0], detectoids[1])
                .bundles(childId)
                .kb(kb(g))
                .supportUrl("https://support.microsoft.com/help/" + kb(g))
                .title("en", title(l, d, g), DESCRIPTION);
        if (l.kind() != Kind.DU && l.kind() != Kind.NET) u.msrcSeverity(g % 3 == 0 ? "Critical" : "Important");
        if (g % 7 == 0) u.title("de", titleDe(l, d, g), DESCRIPTION_DE);
        if (l.kind() == Kind.OFFICE) u.language("en");
        int n = lines.size();
        boolean chained = (g % n) % 4 == 0;
        if (chained && g + n < groups) u.supersededBy(childRevision(g + n) + 1);
        if (chained && g >= n) {
            Random p = random(g - n);
            uuid(p);
            u.supersedes(uuid(p));
        }
        if (g == 0)
            u.eula("MICROSOFT SOFTWARE LICENSE TERMS\n\nThese license terms are an agreement between you and"
                    + " Microsoft Corporation. They apply to the software named above.\n");
        return u;
    }

    private Update standaloneUpdate() {
        Random r = random(-1);
        Line l = lines.get(0);
        LocalDate d = date(groups);
        return new Update(uuid(r), GROUP_BASE + groups * GROUP_STRIDE + 5)
                .created(created(d, r))
                .category(ScanModel.COMPANY, ScanModel.MICROSOFT)
                .category(ScanModel.PRODUCT, l.productId())
                .category(ScanModel.CLASSIFICATION, ScanModel.CRITICAL_UPDATES)
                .handler("Cbs")
                .kb(kb(groups))
                .title("en", title(l, d, groups), DESCRIPTION)
                .payload(file(r, l, d, groups, 0));
    }

    private String detectoid(String arch) {
        return switch (arch) {
            case "x86" -> detectoids[0];
            case "arm64" -> detectoids[2];
            default -> detectoids[1];
        };
    }

    private static String created(LocalDate d, Random r) {
        return d.atTime(17, 0)
                        .plusSeconds(r.nextInt(7200))
                        .atOffset(ZoneOffset.UTC)
                        .toInstant() + "";
    }

    private static String kb(int g) {
        return Integer.toString(4_000_000 + g * 14);
    }

    private static String month(LocalDate d) {
        return String.format(Locale.ROOT, "%04d-%02d", d.getYear(), d.getMonthValue());
    }

    private static String title(Line l, LocalDate d, int g) {
        String kb = kb(g);
        return switch (l.kind()) {
            case CU ->
                month(d) + " Cumulative Update for " + l.product() + " for " + l.arch() + "-based Systems (KB" + kb
                        + ")";
            case NET ->
                month(d) + " Cumulative Update for .NET Framework 3.5, 4.8 and 4.8.1 for " + l.product() + " for "
                        + l.arch() + " (KB" + kb + ")";
            case SSU ->
                month(d) + " Servicing Stack Update for " + l.product() + " for " + l.arch() + "-based Systems (KB" + kb
                        + ")";
            case OFFICE ->
                "Security Update for Microsoft Office 2016 (KB" + kb + ") "
                        + ("x86".equals(l.arch()) ? "32-Bit" : "64-Bit") + " Edition";
            case DU ->
                month(d) + " Dynamic Update for " + l.product() + " for " + l.arch() + "-based Systems (KB" + kb + ")";
        };
    }

    private static String titleDe(Line l, LocalDate d, int g) {
        String what = l.kind() == Kind.CU ? "Kumulatives Update" : "Update";
        return month(d) + " " + what + " für " + l.product() + " für " + l.arch() + "-basierte Systeme (KB" + kb(g)
                + ")";
    }

    private static PayloadFile file(Random r, Line l, LocalDate d, int g, int index) {
        byte[] sha1 = new byte[20];
        byte[] sha256 = new byte[32];
        r.nextBytes(sha1);
        r.nextBytes(sha256);
        String hex = HexFormat.of().formatHex(sha1);
        String name;
        if (l.kind() == Kind.OFFICE) {
            name = l.prefix() + "-kb" + kb(g) + "-fullfile-" + l.arch() + "-glb_" + hex + ".exe";
        } else {
            String part = index == 0 ? "" : l.kind() == Kind.NET ? "-ndp48" : "-express";
            name = l.prefix() + "-kb" + kb(g) + "-" + l.arch() + part + "_" + hex + (index == 0 ? ".msu" : ".cab");
        }
        long size = 4_000_000L + (r.nextLong() & 0x3fff_ffffL) * (l.kind() == Kind.CU ? 2 : 1);
        String url = "http://download.windowsupdate.com/c/msdownload/update/software/"
                + (l.kind() == Kind.DU ? "updt" : "secu")
                + String.format(Locale.ROOT, "/%04d/%02d/", d.getYear(), d.getMonthValue()) + name;
        return new PayloadFile(name, size, hex, HexFormat.of().formatHex(sha256), url, d.atTime(9, 12, 44) + ".123Z");
    }
}
