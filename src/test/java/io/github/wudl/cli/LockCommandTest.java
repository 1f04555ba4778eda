package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import io.github.wudl.portable.PortableBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wudl lock}, {@code download --lock}, {@code bundle --lock} and {@code lock --update}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LockCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String U1 = "6b1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e01";
    private static final String U2 = "6b1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e02";
    private static final String U3 = "6b1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e03";

    @TempDir
    Path tmp;

    private DemoContent.Generated content;
    private DemoServer server;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Locked One (KB5600001)",
                                "5600001",
                                List.of(new FileSpec("kb5600001.msu", 120_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U2,
                                "Locked Two (KB5600002)",
                                "5600002",
                                List.of(new FileSpec("kb5600002.cab", 80_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U3,
                                "Installed Three (KB5600003)",
                                "5600003",
                                List.of(new FileSpec("kb5600003.cab", 1_000)),
                                null,
                                true)),
                3);
        server = DemoServer.start(content.root());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run wudl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(
                PortableBackend.INSTANCE,
                false,
                Map.of("WUDL_CACHE", tmp.resolve("cache").toString()));
        int status = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Path writeLock() throws Exception {
        Run r = wudl("lock", "--catalog", server.uri("catalog.json").toString());
        assertEquals(0, r.status(), r.toString());
        return Files.writeString(tmp.resolve("wudl.lock"), r.out());
    }

    @Test
    void aLockPinsTheSelectionAndDownloadGetsExactlyThat() throws Exception {
        Path lock = writeLock();
        var tree = JSON.readTree(lock.toFile());
        assertEquals("wudl-lock/1", tree.get("format").asText());
        assertEquals(64, tree.get("catalog").get("sha256").asText().length());
        assertEquals(2, tree.get("updates").size(), "IsInstalled=0: the installed one is not locked");
        assertEquals(
                content.sha256().get("kb5600001.msu"),
                tree.get("updates").get(0).get("files").get(0).get("sha256").asText());

        // a new update appears in the catalog: the lock still gets its two, no more
        addUpdateToCatalog();
        Run d = wudl(
                "download",
                "--lock",
                lock.toString(),
                "--out",
                tmp.resolve("out").toString(),
                "--quiet");
        assertEquals(0, d.status(), d.toString());
        assertTrue(Files.exists(tmp.resolve("out/" + U1 + "/kb5600001.msu")));
        assertTrue(Files.exists(tmp.resolve("out/" + U2 + "/kb5600002.cab")));
        try (var s = Files.list(tmp.resolve("out"))) {
            assertEquals(2, s.count());
        }

        Run b = wudl(
                "bundle",
                "--lock",
                lock.toString(),
                "--out",
                tmp.resolve("bundle").toString(),
                "--quiet");
        assertEquals(0, b.status(), b.toString());
        assertTrue(b.out().contains("2 updates, 2 files"), b.out());

        Run mixed = wudl("download", "--lock", lock.toString(), "--criteria", "IsInstalled=1");
        assertEquals(ExitCode.USAGE, mixed.status());
        assertTrue(mixed.err().contains("is the selection: leave --criteria"), mixed.err());
    }

    @Test
    void aChangedCatalogFailsNamingEveryDifferenceAndDownloadsNothing() throws Exception {
        Path lock = writeLock();
        ObjectNode root = (ObjectNode) JSON.readTree(content.catalog().toFile());
        ArrayNode updates = (ArrayNode) root.get("updates");
        updates.remove(0); // U1 gone
        ObjectNode two = (ObjectNode) updates.get(0).get("files").get(0);
        two.put("size", 80_001);
        JSON.writeValue(content.catalog().toFile(), root);

        Run d = wudl("download", "--lock", lock.toString(), "--quiet");
        assertEquals(ExitCode.USAGE, d.status(), d.toString());
        assertTrue(d.err().contains("(2 differences)"), d.err());
        assertTrue(
                d.err().contains("the update " + U1 + " (Locked One (KB5600001)) is no longer in the catalog"),
                d.err());
        assertTrue(d.err().contains("kb5600002.cab is 80001 bytes now, the lock says 80000"), d.err());
        assertTrue(d.err().contains("Nothing was downloaded"), d.err());
        assertEquals(0, server.requests("/content/kb5600002.cab"));

        Run u = wudl("lock", "--update", lock.toString());
        assertEquals(0, u.status(), u.toString());
        assertTrue(u.out().contains("- " + U1 + " r200  Locked One (KB5600001)  (no longer selected)"), u.out());
        assertTrue(u.out().contains("~ " + U2 + " r200  Locked Two (KB5600002)  (its files changed)"), u.out());
        assertTrue(u.out().contains("2 changes since"), u.out());
    }

    @Test
    void aLockThatIsNotOneIsRefused() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.lock"), "{\"format\": \"wudl-catalog/1\"}");
        Run r = wudl("download", "--lock", bad.toString());
        assertEquals(ExitCode.USAGE, r.status());
        assertTrue(r.err().contains("\"format\" is not \"wudl-lock/1\""), r.err());
        Path broken = Files.writeString(tmp.resolve("broken.lock"), "{\"format\": ");
        Run b = wudl("download", "--lock", broken.toString());
        assertEquals(ExitCode.USAGE, b.status());
        assertTrue(b.err().contains("not JSON"), b.err());
        assertFalse(b.err().contains("Exception"), b.err());
        Path current = writeLock();
        Run same = wudl("lock", "--update", current.toString());
        assertTrue(same.out().contains("is current: 2 updates"), same.out());
    }

    private void addUpdateToCatalog() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(content.catalog().toFile());
        ArrayNode updates = (ArrayNode) root.get("updates");
        ObjectNode copy = updates.get(1).deepCopy();
        copy.put("id", "6b1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e09");
        copy.put("title", "Newcomer (KB5600009)");
        updates.add(copy);
        JSON.writeValue(content.catalog().toFile(), root);
    }
}
