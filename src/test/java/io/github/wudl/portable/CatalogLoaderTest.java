package io.github.wudl.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.wua.WuaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The catalog-source seam: a second kind of catalog, recognised by content, plugs in before the JSON one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CatalogLoaderTest {
    @TempDir
    Path tmp;

    /** Stands for the offline scan file: recognised by a cabinet's signature, read from the local file. */
    private static final class CabinetLike implements CatalogSource {
        final List<Path> read = new ArrayList<>();

        @Override
        public String description() {
            return "a cabinet";
        }

        @Override
        public boolean recognises(byte[] head) {
            return head.length >= 4 && new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("MSCF");
        }

        @Override
        public long maxBytes() {
            return 1 << 30;
        }

        @Override
        public Catalog read(CatalogDocument document, PortableOptions options) {
            read.add(document.file());
            return new Catalog("cabinet", document.location(), List.of());
        }
    }

    private final CabinetLike cabinets = new CabinetLike();
    private final CatalogLoader loader = new CatalogLoader(List.of(cabinets, JsonCatalogSource.INSTANCE));
    private final PortableOptions options =
            PortableOptions.builder().cacheDir(Path.of("unused")).build();

    @Test
    void eachDocumentGoesToTheFirstSourceThatRecognisesIt() throws Exception {
        Path cab = Files.write(
                tmp.resolve("catalog.bin"), "MSCF\0\0\0\0 rest of a cabinet".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(0, loader.load(cab.toString(), options).updates().size());
        assertEquals(List.of(cab.toAbsolutePath().normalize()), cabinets.read, "read from the local file, by content");

        Path json = Files.writeString(tmp.resolve("wsusscn2.cab"), "{\"format\": \"wudl-catalog/1\", \"updates\": []}");
        assertEquals(0, loader.load(json.toString(), options).updates().size());
        assertEquals(1, cabinets.read.size(), "a JSON document named .cab is still JSON: names decide nothing");
    }

    @Test
    void aDocumentNoSourceReadsGetsTheJsonReadersMessage() throws Exception {
        Path junk = Files.writeString(tmp.resolve("junk.json"), "PK\3\4 not a catalog");
        WuaException e = assertThrows(WuaException.class, () -> loader.load(junk.toString(), options));
        assertTrue(e.getMessage().contains("junk.json"), e.getMessage());
    }

    @Test
    void aPipeIsReadOnceAndAnEndlessOneIsCutAtTheLimit() throws Exception {
        Path fifo = tmp.resolve("catalog.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo is not available here");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "{\"format\": \"wudl-catalog/1\", \"updates\": []}");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.setDaemon(true);
        writer.start();
        // the head and the document come from one read: a second open of the pipe would wait for a writer, in
        // an open() no interrupt ends, so the load runs on a thread of its own and a hang fails the test
        CompletableFuture<Catalog> loaded = CompletableFuture.supplyAsync(
                () -> CatalogLoader.DEFAULT.load(fifo.toString(), options), daemonExecutor());
        try {
            assertEquals(0, loaded.get(20, TimeUnit.SECONDS).updates().size());
        } finally {
            if (!loaded.isDone()) {
                Files.newOutputStream(fifo).close(); // a writer end lets a stuck open() return
            }
        }
        writer.join(10_000);

        WuaException e = assertThrows(WuaException.class, () -> CatalogLoader.DEFAULT.load("/dev/zero", options));
        assertTrue(e.getMessage().contains("goes on past the limit"), e.getMessage());
    }

    private static java.util.concurrent.Executor daemonExecutor() {
        return r -> {
            Thread t = new Thread(r, "catalog-load");
            t.setDaemon(true);
            t.start();
        };
    }

    @Test
    void theLimitIsTheLargestSourcesAndEachSourceKeepsItsOwn() throws Exception {
        CatalogLoader jsonOnly = new CatalogLoader(List.of(JsonCatalogSource.INSTANCE));
        Path big = tmp.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(
                big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), JsonCatalogSource.INSTANCE.maxBytes() + 10);
        }
        WuaException e = assertThrows(WuaException.class, () -> jsonOnly.load(big.toString(), options));
        assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
        // with the scan file's 8 GiB file limit beside it, the JSON source still reads no more than its own
        WuaException own = assertThrows(WuaException.class, () -> CatalogLoader.DEFAULT.load(big.toString(), options));
        assertTrue(
                own.getMessage().contains("past the limit of " + JsonCatalogSource.INSTANCE.maxBytes()),
                own.getMessage());
    }
}
