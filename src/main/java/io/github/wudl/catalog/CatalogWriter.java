package io.github.wudl.catalog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.UpdateType;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Writes {@link CatalogUpdate}s as a {@code wudl-catalog/1} document (SPEC §3): the inverse of
 * {@link CatalogReader}, and what {@code wudl bundle} writes as a bundle's {@code catalog.json}. Thread-safe;
 * holds no state.
 *
 * <p>The document is {@code {"format": "wudl-catalog/1", "provenance": {...}, "updates": [...]}}: UTF-8,
 * pretty-printed with two-space indents and {@code \n} line ends on every platform, the same bytes for the
 * same input. Each update gives every component under the reader's key when it differs from the reader's
 * default; a category known by name alone is written as its name, any other as
 * {@code {"id", "name", "type"}}; each file's digest is written in lower-case hex under {@code "sha256"} or
 * {@code "sha1"}, with a second {@code "sha1"} when the file has {@link CatalogFile#sha1Also()}.
 */
public final class CatalogWriter {
    // no ObjectMapper: the streaming generator writes as it goes, and loads a fraction of the classes
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // the caller's stream stays the caller's
            // a failure half-way must leave a document the reader refuses, not one Jackson closes neatly
            // into a valid catalog that silently lacks the updates after the failure
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    // "\n" rather than the platform's line end: a bundle's catalog.json is pinned by its SHA-256
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /** UpdateBinder's MSRC severities, plus "" for "not rated" (the reader's default). */
    private static final Set<String> SEVERITIES = Set.of("", "Critical", "Important", "Moderate", "Low");

    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    private CatalogWriter() {}

    /**
     * Writes {@code updates} (bundled updates below their parents) to {@code out} as one catalog document.
     *
     * <p>Promise: {@link CatalogReader} reads the document back into updates equal to {@code updates} when
     * every URL {@code urlOf} gives resolves, against the location the document is read from, to the file's own
     * {@link CatalogFile#url()}, as {@code CatalogFile::urlText} always does. Any other URL (a bundle's relative
     * {@code content/<id>/<name>}) changes only the files' URLs and drops their mirrors: mirrors are written
     * only when {@code urlOf} returns the file's own {@link CatalogFile#urlText()}, as they are copies of that
     * URL and not of a bundle's local copy. A file without a digest is written without one and reads back
     * only under {@link CatalogOptions#allowUnverified()}.
     *
     * <p>A value that the reader would refuse or read back as something else is refused here, before it is
     * written: a category that is neither a name alone nor a lower-case GUID with a name, a KB number that is
     * not digits alone, an MSRC severity not spelt as the reader spells it, a size above 2^53, a URL from
     * {@code urlOf} that is null, empty or an absolute {@code file:} URL (use a path relative to the document),
     * and provenance that is not plain JSON. What spans several values stays the caller's to keep, as it is
     * for every catalog the reader has accepted: an id + revision once among siblings, a file name once per
     * update, nesting and lengths within the reader's limits.
     *
     * @param out        where the UTF-8 document goes; flushed, not closed
     * @param provenance written under {@code "provenance"} (which the reader ignores) in the map's own order;
     *                   values may be null, {@code String}, {@code Boolean}, {@code Number} (finite),
     *                   {@code List} or {@code Map} with {@code String} keys, nested at most as deep as the
     *                   reader reads; null or empty for no {@code "provenance"} key
     * @param updates    the top-level updates, in the order to write them
     * @param urlOf      the {@code "url"} to write for a content file or bootstrapper: its own
     *                   {@link CatalogFile#urlText()}, or a URL relative to where the document will be read from
     * @throws IOException              when {@code out} fails
     * @throws IllegalArgumentException when a value cannot be written so that it reads back equal (see above);
     *                                  what was written by then is an incomplete document the reader refuses
     */
    public static void write(
            OutputStream out,
            Map<String, Object> provenance,
            Iterable<CatalogUpdate> updates,
            Function<CatalogFile, String> urlOf)
            throws IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(urlOf, "urlOf");
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            // the printer keeps the current indent, so each document needs its own
            g.setPrettyPrinter(PRETTY.createInstance());
            g.writeStartObject();
            g.writeStringField("format", CatalogReader.FORMAT);
            if (provenance != null && !provenance.isEmpty()) {
                g.writeFieldName("provenance");
                value(g, provenance, 2); // the document's object is level 1
            }
            g.writeArrayFieldStart("updates");
            for (CatalogUpdate u : updates) {
                update(g, Objects.requireNonNull(u, "update"), urlOf);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n'); // a text file ends with a line end
        }
    }

    private static void update(JsonGenerator g, CatalogUpdate u, Function<CatalogFile, String> urlOf)
            throws IOException {
        String id = u.id();
        g.writeStartObject();
        g.writeStringField("id", id);
        if (u.revision() != 1) {
            g.writeNumberField("revision", u.revision());
        }
        g.writeStringField("title", u.title());
        for (String kb : u.kb()) {
            if (!DIGITS.matcher(kb).matches()) {
                throw cannot(id, "KB number " + Fields.show(kb) + " is not digits alone (the reader keeps only those)");
            }
        }
        strings(g, "kb", u.kb());
        text(g, "description", u.description());
        if (u.type() != UpdateType.Software) {
            g.writeStringField("type", u.type().name());
        }
        if (!u.categories().isEmpty()) {
            g.writeArrayFieldStart("categories");
            for (CatalogCategory c : u.categories()) {
                category(g, id, c);
            }
            g.writeEndArray();
        }
        flag(g, "installed", u.installed(), false);
        flag(g, "hidden", u.hidden(), false);
        flag(g, "browseOnly", u.browseOnly(), false);
        flag(g, "eulaAccepted", u.eulaAccepted(), true);
        if (u.priority() != DownloadPriority.Normal) {
            // the reader takes the name in any case or the WUA number; the name says more to a person
            g.writeStringField("priority", u.priority().name().toLowerCase(Locale.ROOT));
        }
        if (!u.files().isEmpty()) { // "files" may be left out only when there are bundled updates
            g.writeArrayFieldStart("files");
            for (CatalogFile f : u.files()) {
                file(g, id, f, urlOf);
            }
            g.writeEndArray();
        }
        if (u.bootstrapper() != null) {
            g.writeFieldName("bootstrapper");
            file(g, id, u.bootstrapper(), urlOf);
        }
        if (!u.bundled().isEmpty()) {
            g.writeArrayFieldStart("bundled");
            for (CatalogUpdate b : u.bundled()) {
                update(g, b, urlOf);
            }
            g.writeEndArray();
        }
        flag(g, "mandatory", u.mandatory(), false);
        flag(g, "beta", u.beta(), false);
        if (!SEVERITIES.contains(u.msrcSeverity())) {
            throw cannot(
                    id,
                    "MSRC severity " + Fields.show(u.msrcSeverity())
                            + " is not one of \"Critical\", \"Important\", \"Moderate\", \"Low\" or \"\"");
        }
        text(g, "msrcSeverity", u.msrcSeverity());
        text(g, "supportUrl", u.supportUrl());
        if (u.lastDeploymentChangeTime() != null) {
            // Instant's own text is ISO-8601 in UTC ("2026-11-11T17:00:00Z"), which the reader parses exactly
            g.writeStringField(
                    "lastDeploymentChangeTime", u.lastDeploymentChangeTime().toString());
        }
        if (!u.deploymentAction().equals("Installation")) {
            g.writeStringField("deploymentAction", u.deploymentAction());
        }
        strings(g, "supersededUpdateIds", u.supersededUpdateIds());
        g.writeEndObject();
    }

    /**
     * The reader makes {@link CatalogCategory#named} of a name string, and of an object a lower-cased GUID id
     * with the name (the id when blank) and the type: so a name alone round-trips as a string, anything else
     * only as an object with a GUID id. (Testing "id differs from name" instead would drop the type of a
     * category whose name the scan file did not give, and whose name is therefore its id.)
     */
    private static void category(JsonGenerator g, String updateId, CatalogCategory c) throws IOException {
        if (c.id().equals(c.name()) && c.type().isEmpty() && !c.name().isBlank()) {
            g.writeString(c.name());
            return;
        }
        if (!c.id().equals(Guids.normalize(c.id())) || c.name().isBlank()) {
            throw cannot(
                    updateId,
                    "category (id " + Fields.show(c.id()) + ", name " + Fields.show(c.name()) + ", type "
                            + Fields.show(c.type()) + ") is neither a name alone (id = name, no type) nor a"
                            + " lower-case GUID id with a name");
        }
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("name", c.name());
        text(g, "type", c.type());
        g.writeEndObject();
    }

    private static void file(JsonGenerator g, String updateId, CatalogFile f, Function<CatalogFile, String> urlOf)
            throws IOException {
        String url = urlOf.apply(f);
        if (url == null || url.isEmpty()) {
            throw cannot(updateId, "urlOf gave no URL for file " + Fields.show(f.name()));
        }
        if (url.regionMatches(true, 0, "file:", 0, 5)) {
            // the reader takes a bundle's local content only as a path relative to its catalog.json
            throw cannot(
                    updateId,
                    "urlOf gave the file: URL " + Redaction.text(url) + " for file " + Fields.show(f.name())
                            + "; give a path relative to the document instead");
        }
        if (f.size() > UpdateBinder.MAX_SIZE) {
            throw cannot(updateId, "file " + Fields.show(f.name()) + " has a size above 2^53 bytes");
        }
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("url", url);
        g.writeNumberField("size", f.size());
        if (f.digest() != null) {
            g.writeStringField(Digests.SHA256.equals(f.digestAlgorithm()) ? "sha256" : "sha1", f.digestHex());
        }
        byte[] sha1 = f.sha1Also();
        if (sha1 != null) {
            g.writeStringField("sha1", Digests.hex(sha1));
        }
        // mirrors hold copies of the original URL's bytes, not of whatever urlOf points at instead
        if (url.equals(f.urlText()) && !f.mirrors().isEmpty()) {
            g.writeArrayFieldStart("mirrors");
            for (URI m : f.mirrors()) {
                g.writeString(m.toString());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static IllegalArgumentException cannot(String updateId, String what) {
        return new IllegalArgumentException("cannot write update " + updateId + ": " + what
                + "; the catalog reader would refuse it or read" + " it back differently, so correct the value first");
    }

    private static void flag(JsonGenerator g, String key, boolean value, boolean readerDefault) throws IOException {
        if (value != readerDefault) {
            g.writeBooleanField(key, value);
        }
    }

    /** A string whose reader default is "". */
    private static void text(JsonGenerator g, String key, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(key, value);
        }
    }

    private static void strings(JsonGenerator g, String key, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(key);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A provenance value at nesting level {@code depth} of the document. */
    private static void value(JsonGenerator g, Object v, int depth) throws IOException {
        if ((v instanceof Map<?, ?> || v instanceof List<?>) && depth > CatalogReader.MAX_NESTING_DEPTH) {
            // also what a map or list that contains itself comes to, instead of a StackOverflowError
            throw new IllegalArgumentException("provenance is nested deeper than the catalog reader reads ("
                    + CatalogReader.MAX_NESTING_DEPTH + " levels, the document's own two included)");
        }
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("provenance value " + v + " has no JSON form");
            }
            if (v instanceof Float f) {
                g.writeNumber(f.floatValue()); // as a float: 0.1f stays "0.1"
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // String.valueOf of other keys could make two equal names, and the reader refuses those
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("provenance key " + e.getKey() + " is not a string");
                }
                g.writeFieldName(key);
                value(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o, depth + 1);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("provenance value of type "
                    + v.getClass().getName() + " has no JSON form; give a String, Boolean, Number, List, Map or null");
        }
    }
}
