package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OutputPlacerTest {
    private static final String ID = "3f2a8c1e-5b7d-4e9a-8c21-6d4f0a9b1c01";

    @TempDir
    Path tmp;

    private Path cacheFile(String content) throws IOException {
        Path f = tmp.resolve("cache").resolve(Integer.toHexString(content.hashCode()));
        Files.createDirectories(f.getParent());
        return Files.writeString(f, content);
    }

    @Test
    void hardLinksWhereTheFileSystemAllows() throws Exception {
        Path src = cacheFile("content A");
        OutputPlacer.Placement p = new OutputPlacer(tmp.resolve("out")).place(ID, "a.msu", src, null);
        assertEquals(tmp.resolve("out").resolve(ID).resolve("a.msu").toAbsolutePath(), p.path());
        assertEquals(OutputPlacer.Outcome.LINKED, p.outcome());
        assertTrue(Files.isSameFile(src, p.path()));
        assertNoTempFiles();
    }

    @Test
    void anUpdateFolderThatIsALinkIsRefusedAndNothingIsWrittenThroughIt() throws Exception {
        Path src = cacheFile("content L");
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(tmp.resolve("out").resolve(ID), elsewhere);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class,
                () -> new OutputPlacer(tmp.resolve("out"), false).place(ID, "l.cab", src, null));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        try (java.util.stream.Stream<Path> left = Files.list(elsewhere)) {
            assertEquals(0, left.count(), "nothing was written through the link");
        }
    }

    @Test
    void copiesWhenLinkingIsNotWanted() throws Exception {
        Path src = cacheFile("content B");
        OutputPlacer.Placement p = new OutputPlacer(tmp.resolve("out"), false).place(ID, "b.cab", src, null);
        assertEquals(OutputPlacer.Outcome.COPIED, p.outcome());
        assertFalse(Files.isSameFile(src, p.path()));
        assertEquals("content B", Files.readString(p.path()));
    }

    @Test
    void replacesADifferentFileAtomically() throws Exception {
        Path target = tmp.resolve("out").resolve(ID).resolve("a.msu");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "an old, longer, different content");
        Path src = cacheFile("new content");
        OutputPlacer.Placement p =
                new OutputPlacer(tmp.resolve("out"), false).place(ID, "a.msu", src, OutputPlacer.sha256(src));
        assertEquals(OutputPlacer.Outcome.COPIED, p.outcome());
        assertEquals("new content", Files.readString(target));
        assertNoTempFiles();
    }

    @Test
    void leavesAnIdenticalFileAlone() throws Exception {
        Path src = cacheFile("same bytes");
        Path target = tmp.resolve("out").resolve(ID).resolve("a.msu");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "same bytes");
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target, old);
        Object inode = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

        OutputPlacer.Placement p = new OutputPlacer(tmp.resolve("out")).place(ID, "a.msu", src, null);
        assertEquals(OutputPlacer.Outcome.UNCHANGED, p.outcome());
        assertEquals(old, Files.getLastModifiedTime(target));
        assertEquals(
                inode, Files.readAttributes(target, BasicFileAttributes.class).fileKey());

        // a second run over a link it made is also a no-op
        Path other = cacheFile("other bytes");
        new OutputPlacer(tmp.resolve("out")).place(ID, "o.bin", other, null);
        assertEquals(
                OutputPlacer.Outcome.UNCHANGED,
                new OutputPlacer(tmp.resolve("out"))
                        .place(ID, "o.bin", other, null)
                        .outcome());
    }

    @Test
    void sameSizeButDifferentContentIsReplaced() throws Exception {
        Path src = cacheFile("AAAA");
        Path target = tmp.resolve("out").resolve(ID).resolve("a.msu");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "BBBB");
        assertEquals(
                OutputPlacer.Outcome.LINKED,
                new OutputPlacer(tmp.resolve("out"))
                        .place(ID, "a.msu", src, null)
                        .outcome());
        assertArrayEquals("AAAA".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target));
    }

    @Test
    void refusesNamesThatAreNotPlain() throws Exception {
        Path src = cacheFile("x");
        OutputPlacer placer = new OutputPlacer(tmp.resolve("out"));
        for (String bad : new String[] {"..", "../x", "a/b", "a\\b", "C:x", "a\nb"}) {
            assertThrows(IOException.class, () -> placer.place(ID, bad, src, null), bad);
        }
        assertThrows(IOException.class, () -> placer.place("..", "a", src, null));
    }

    @Test
    void reportIsWrittenAtomically() throws Exception {
        Path report = tmp.resolve("r").resolve("report.json");
        AtomicFiles.writeString(report, "{\"a\": 1}");
        AtomicFiles.writeString(report, "{}");
        assertEquals("{}", Files.readString(report));
        try (Stream<Path> s = Files.list(report.getParent())) {
            assertEquals(1, s.count());
        }
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tmp.resolve("out"))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
