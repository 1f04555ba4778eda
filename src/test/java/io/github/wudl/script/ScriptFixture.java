package io.github.wudl.script;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.portable.PortableOptions;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.transfer.TransferConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The world a script test needs: a content server on 127.0.0.1, a catalog in a temp directory, the portable
 * backend over it, and a {@link ScriptHost} whose output is captured.
 */
final class ScriptFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final ContentServer server;
    final Path dir;
    private final ArrayNode updates = JSON.createArrayNode();
    private long seed = 1;
    private final java.util.List<String> paths = new java.util.ArrayList<>();
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    Duration progressInterval = Duration.ofMillis(20);
    Duration timeout = Duration.ofSeconds(60);
    /** Folders whose catalogs scripts may register (--allow-read); none unless a test sets it. */
    List<Path> allowRead = List.of();
    /** What WScript.StdIn reads (UTF-8 here, the platform charset of these machines); none unless a test sets it. */
    String stdin = "";

    ScriptFixture(Path dir) throws IOException {
        this.server = ContentServer.start();
        this.dir = dir;
    }

    /** An update with generated files of the given sizes; returns its id. */
    String update(String title, long... sizes) {
        return update(title, false, sizes);
    }

    /** An update with generated files, and a bootstrapper when asked; returns its id. */
    String update(String title, boolean bootstrapper, long... sizes) {
        ObjectNode u = JSON.createObjectNode();
        String id =
                UUID.nameUUIDFromBytes(title.getBytes(StandardCharsets.UTF_8)).toString();
        u.put("id", id);
        u.put("title", title);
        u.putArray("kb").add("50" + (updates.size() + 10000));
        ArrayNode files = u.putArray("files");
        int n = 0;
        for (long size : sizes) {
            files.add(file(id.substring(0, 8) + "-" + n++ + ".cab", size));
        }
        if (bootstrapper) {
            u.set("bootstrapper", file(id.substring(0, 8) + "-boot.exe", 4096));
        }
        updates.add(u);
        return id;
    }

    /** Adds {@code category} (a name, or an object such as {@code {"id": ..., "name": ..., "type": ...}}) to the update {@code id}. */
    void category(String id, com.fasterxml.jackson.databind.JsonNode category) {
        for (com.fasterxml.jackson.databind.JsonNode u : updates) {
            if (u.get("id").asText().equals(id)) {
                ObjectNode o = (ObjectNode) u;
                (o.has("categories") ? (ArrayNode) o.get("categories") : o.putArray("categories")).add(category);
                return;
            }
        }
        throw new IllegalArgumentException("no update " + id);
    }

    /** An update whose only file answers 404. */
    String missingUpdate(String title) {
        ObjectNode u = JSON.createObjectNode();
        String id =
                UUID.nameUUIDFromBytes(title.getBytes(StandardCharsets.UTF_8)).toString();
        u.put("id", id);
        u.put("title", title);
        ObjectNode f = u.putArray("files").addObject();
        f.put("name", "missing.cab");
        f.put("url", server.uri("/missing/" + id).toString());
        f.put("size", 10);
        f.put("sha256", "11".repeat(32));
        updates.add(u);
        return id;
    }

    ObjectNode file(String name, long size) {
        long s = seed++;
        server.putGenerated("/content/" + name, size, s);
        paths.add("/content/" + name);
        ObjectNode f = JSON.createObjectNode();
        f.put("name", name);
        f.put("url", server.uri("/content/" + name).toString());
        f.put("size", size);
        f.put("sha256", HexFormat.of().formatHex(ContentServer.sha256Of(size, s)));
        return f;
    }

    /** Forgets the updates added so far (after writing them to a catalog of their own). */
    void clearUpdates() {
        updates.removeAll();
    }

    /** Serves every content file at about {@code bytesPerSecond}, so downloads last long enough to watch. */
    void throttle(long bytesPerSecond) {
        for (String p : paths) {
            server.faults(p).throttle(bytesPerSecond);
        }
    }

    Path writeCatalog(String fileName) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "wudl-catalog/1");
        root.set("updates", updates);
        Path p = dir.resolve(fileName);
        JSON.writerWithDefaultPrettyPrinter().writeValue(p.toFile(), root);
        return p;
    }

    PortableOptions options() {
        return PortableOptions.builder()
                .cacheDir(dir.resolve("cache"))
                .progressInterval(progressInterval)
                .transferConfig(TransferConfig.builder()
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .stallTimeout(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    ScriptHost host() throws IOException {
        PortableOptions options = options();
        String catalog = updates.isEmpty() ? null : writeCatalog("catalog.json").toString();
        out = new StringWriter();
        err = new StringWriter();
        return ScriptHost.builder(location -> PortableBackend.openSession(location, options))
                .catalog(catalog)
                .allowRead(allowRead)
                .out(new PrintWriter(out, true))
                .err(new PrintWriter(err, true))
                .in(new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.Charset.defaultCharset())))
                .timeout(timeout)
                .build();
    }

    /** Writes {@code js} to {@code test.js} and runs it. */
    ScriptOutcome run(String js, String... args) throws IOException {
        Path script = Files.writeString(dir.resolve("test.js"), js);
        return host().run(script, List.of(args));
    }

    /** Runs the script file {@code script}. */
    ScriptOutcome runFile(Path script, String... args) throws IOException {
        return host().run(script, List.of(args));
    }

    /** Runs {@code prefix} followed by {@code lines}; fails unless the run completed; returns its output lines. */
    List<String> runCompleted(String prefix, String... lines) throws IOException {
        ScriptOutcome o = run(prefix + String.join("\n", lines));
        org.junit.jupiter.api.Assertions.assertEquals(
                ScriptOutcome.Kind.COMPLETED, o.kind(), o + "\n" + out() + "\n" + err());
        return List.of(out().strip().split("\r?\n"));
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
