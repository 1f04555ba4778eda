package io.github.wudl.scanfile;

import io.github.wudl.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small scan file most tests read, of the real shape: a company, a product family, a product and three
 * classifications as category updates; a cumulative update (a bundle whose child carries an x64 .msu) that
 * supersedes last month's; a servicing-stack update with its file directly on it, SHA-1 only; a driver; and a
 * detectoid. Payload URLs point at {@code base}; {@link #content} holds each file's bytes by name.
 */
public final class SampleScanFile {
    public static final String NOVEMBER_CU = "aaaaaaaa-0000-4000-8000-000000000011";
    public static final String NOVEMBER_CU_CHILD = "aaaaaaaa-0000-4000-8000-000000000012";
    public static final String OCTOBER_CU = "aaaaaaaa-0000-4000-8000-000000000021";
    public static final String SERVICING_STACK = "aaaaaaaa-0000-4000-8000-000000000031";
    public static final String DRIVER = "aaaaaaaa-0000-4000-8000-000000000041";
    public static final String DETECTOID = "aaaaaaaa-0000-4000-8000-000000000051";

    /** The bytes of each payload file, by file name. */
    public final Map<String, byte[]> content = new LinkedHashMap<>();

    public final ScanModel model = new ScanModel();

    public SampleScanFile(String base) throws Exception {
        model.category(ScanModel.COMPANY, ScanModel.MICROSOFT, 100, "Microsoft");
        model.category(ScanModel.PRODUCT_FAMILY, ScanModel.WINDOWS, 101, "Windows");
        model.category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022, 102, "Microsoft Server operating system-21H2");
        model.category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES, 103, "Security Updates");
        model.category(ScanModel.CLASSIFICATION, ScanModel.UPDATES, 104, "Updates");
        model.category(ScanModel.CLASSIFICATION, ScanModel.DRIVERS, 105, "Drivers");
        model.update(OCTOBER_CU, 2000)
                .category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022)
                .category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES)
                .bundle(true)
                .supersededBy(3000)
                .title(
                        "en",
                        "2026-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based"
                                + " Systems (KB5040000)",
                        "October.")
                .kb("5040000");
        model.update("aaaaaaaa-0000-4000-8000-000000000022", 1999)
                .deploymentAction("Bundle")
                .bundledBy(2000)
                .payload(file(base, "windows10.0-kb5040000-x64.msu", 3000));
        model.update(NOVEMBER_CU_CHILD, 2999)
                .deploymentAction("Bundle")
                .bundledBy(3000)
                .payload(file(base, "windows10.0-kb5050000-x64.msu", 70_000));
        model.update(NOVEMBER_CU, 3000)
                .category(ScanModel.COMPANY, ScanModel.MICROSOFT)
                .category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022)
                .category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES)
                .bundle(true)
                .bundles(NOVEMBER_CU_CHILD)
                .supersedes(OCTOBER_CU)
                .title(
                        "en",
                        "2026-11 Cumulative Update for Microsoft server operating system version 21H2 for x64-based"
                                + " Systems (KB5050000)",
                        "Install this update to resolve issues in Windows.")
                .title(
                        "de",
                        "2026-11 Kumulatives Update für Microsoft Server-Betriebssystem Version 21H2 für"
                                + " x64-basierte Systeme (KB5050000)",
                        "Installieren Sie dieses Update.")
                .kb("5050000")
                .msrcSeverity("Critical")
                .supportUrl("https://support.microsoft.com/help/5050000");
        model.update(SERVICING_STACK, 3100)
                .category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022)
                .category(ScanModel.CLASSIFICATION, ScanModel.UPDATES)
                .payload(file(base, "ssu-20348.2700-x64.cab", 5000, false))
                .title(
                        "en",
                        "2026-11 Servicing Stack Update for Microsoft server operating system version 21H2 for"
                                + " x64-based Systems (KB5050001)",
                        "A servicing stack update.")
                .kb("5050001")
                .beta(true);
        model.update(DRIVER, 3200)
                .created("2026-10-20T09:30:00Z")
                .category(ScanModel.CLASSIFICATION, ScanModel.DRIVERS)
                .payload(file(base, "contoso-nic-x64.cab", 1200))
                .title("en", "Contoso - Net - 1.2.3.4", "A network driver.");
        model.update(DETECTOID, 3300)
                .deploymentAction("Evaluate")
                .updateType("Detectoid")
                .title("en", "x64", "");
    }

    private ScanModel.PayloadFile file(String base, String name, int size) throws Exception {
        return file(base, name, size, true);
    }

    private ScanModel.PayloadFile file(String base, String name, int size, boolean sha256) throws Exception {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (name.hashCode() * 31 + i * 7);
        }
        content.put(name, bytes);
        String sha1 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        String sha = sha256
                ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                : null;
        return ScanModel.PayloadFile.of(
                name,
                size,
                sha1,
                sha,
                base + "/d/msdownload/update/software/secu/2026/11/" + name.substring(0, name.lastIndexOf('.')) + "_"
                        + sha1 + name.substring(name.lastIndexOf('.')));
    }

    /** Writes the file, unsigned, to {@code out}. */
    public Path write(Path out) throws Exception {
        return ScanFileFixture.write(model, out, 2).scanFile();
    }

    /** Writes the file and signs it with {@code signer} into {@code dir}/wsusscn2.cab. */
    public Path writeSigned(Path dir, TestSigner signer) throws Exception {
        Path unsigned = write(dir.resolve("unsigned-wsusscn2.cab"));
        return signer.sign(unsigned, dir.resolve("wsusscn2.cab"));
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
