package io.github.wudl.portable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A local content server plus a catalog written to a temp directory: the world a portable-backend test
 * needs. Content is generated (deterministic) and served from {@code /content/<name>}.
 */
final class Fixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final ContentServer server;
    final Path dir;
    final Path cache;
    private final ArrayNode updates = JSON.createArrayNode();
    private long seed = 1;

    Fixture(Path dir) throws IOException {
        this.server = ContentServer.start();
        this.dir = dir;
        this.cache = dir.resolve("cache");
    }

    /** Adds an update; {@code edit} may add keys. Returns its id. */
    String update(String title, UnaryOperator<ObjectNode> edit) {
        ObjectNode u = JSON.createObjectNode();
        String id =
                UUID.nameUUIDFromBytes(title.getBytes(StandardCharsets.UTF_8)).toString();
        u.put("id", id);
        u.put("title", title);
        u.putArray("files");
        updates.add(edit.apply(u));
        return id;
    }

    /** A file entry for generated content of {@code size} bytes served at /content/{@code name}. */
    ObjectNode file(String name, long size) {
        long s = seed++;
        server.putGenerated("/content/" + name, size, s);
        ObjectNode f = JSON.createObjectNode();
        f.put("name", name);
        f.put("url", server.uri("/content/" + name).toString());
        f.put("size", size);
        f.put("sha256", HexFormat.of().formatHex(ContentServer.sha256Of(size, s)));
        return f;
    }

    /** A file entry whose digest does not match what the server sends. */
    ObjectNode fileWithWrongDigest(String name, long size) {
        ObjectNode f = file(name, size);
        f.put("sha256", "00".repeat(32));
        return f;
    }

    /** A file entry whose URL answers 404. */
    ObjectNode missingFile(String name) {
        ObjectNode f = JSON.createObjectNode();
        f.put("name", name);
        f.put("url", server.uri("/missing/" + name).toString());
        f.put("size", 10);
        f.put("sha256", "11".repeat(32));
        return f;
    }

    static ObjectNode withFiles(ObjectNode u, ObjectNode... files) {
        ArrayNode a = u.withArray("files");
        for (ObjectNode f : files) {
            a.add(f);
        }
        return u;
    }

    Path writeCatalog() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "wudl-catalog/1");
        root.set("updates", updates);
        Path p = dir.resolve("catalog.json");
        JSON.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), root);
        return p;
    }

    PortableOptions.Builder options() {
        return PortableOptions.builder()
                .cacheDir(cache)
                .progressInterval(Duration.ofMillis(20))
                .transferConfig(io.github.wudl.transfer.TransferConfig.builder()
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .stallTimeout(Duration.ofSeconds(5))
                        .build());
    }

    UpdateSession session() throws IOException {
        return session(options().build());
    }

    UpdateSession session(PortableOptions options) throws IOException {
        return PortableBackend.openSession(writeCatalog().toString(), options);
    }

    /** A downloader over everything {@code IsInstalled=0} finds. */
    static UpdateDownloader downloaderFor(UpdateSession session) {
        SearchResult found = session.createUpdateSearcher().search("IsInstalled=0");
        UpdateDownloader d = session.createUpdateDownloader();
        UpdateCollection c = found.updates().copy();
        d.setUpdates(c);
        return d;
    }

    @Override
    public void close() {
        server.close();
    }
}
