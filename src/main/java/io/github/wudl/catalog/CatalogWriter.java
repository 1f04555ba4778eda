package io.github.wudl.catalog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.UpdateType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes {@link CatalogUpdate}s as a {@code wudl-catalog/1} document that {@link CatalogReader} reads back into
 * equal updates (given the same content locations): what {@code wudl bundle} and {@code wudl lock} write.
 *
 * <p>Promises: UTF-8, pretty-printed, streamed (never the whole document in memory); every component the reader
 * understands is written when it differs from the reader's default, under the reader's key; categories with a
 * GUID of their own are written as {@code {"id", "name", "type"}} objects, others by name. Each file's
 * {@code url} is what {@code urlOf} says; its mirrors are written only when that is the file's own URL text (a
 * relative bundle path has none). {@code provenance} goes under a key of that name, which the reader ignores.
 */
public final class CatalogWriter {
    private static final JsonFactory JSON = new JsonFactory();

    private CatalogWriter() {}

    /**
     * Writes the document to {@code out} (not closed).
     *
     * @param provenance where the updates came from (JSON-able values: strings, numbers, booleans, lists, maps);
     *                   null or empty for none
     * @param urlOf      each content file's {@code url} as the document should give it
     */
    public static void write(
            OutputStream out,
            Map<String, Object> provenance,
            Iterable<CatalogUpdate> updates,
            Function<CatalogFile, String> urlOf)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("format", "wudl-catalog/1");
            if (provenance != null && !provenance.isEmpty()) {
                g.writeFieldName("provenance");
                value(g, provenance);
            }
            g.writeArrayFieldStart("updates");
            for (CatalogUpdate u : updates) {
                update(g, u, urlOf);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void update(JsonGenerator g, CatalogUpdate u, Function<CatalogFile, String> urlOf)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.id());
        if (u.revision() != 1) {
            g.writeNumberField("revision", u.revision());
        }
        g.writeStringField("title", u.title());
        strings(g, "kb", u.kb());
        if (!u.description().isEmpty()) {
            g.writeStringField("description", u.description());
        }
        if (u.type() != UpdateType.Software) {
            g.writeStringField("type", u.type().name());
        }
        if (!u.categories().isEmpty()) {
            g.writeArrayFieldStart("categories");
            for (CatalogCategory c : u.categories()) {
                if (Guids.normalize(c.id()) != null) {
                    g.writeStartObject();
                    g.writeStringField("id", c.id());
                    g.writeStringField("name", c.name());
                    if (!c.type().isEmpty()) {
                        g.writeStringField("type", c.type());
                    }
                    g.writeEndObject();
                } else {
                    g.writeString(c.name()); // a names-only category: read back as named(name)
                }
            }
            g.writeEndArray();
        }
        flag(g, "installed", u.installed(), false);
        flag(g, "hidden", u.hidden(), false);
        flag(g, "browseOnly", u.browseOnly(), false);
        flag(g, "eulaAccepted", u.eulaAccepted(), true);
        if (u.priority() != DownloadPriority.Normal) {
            g.writeStringField("priority", u.priority().name().toLowerCase(java.util.Locale.ROOT));
        }
        flag(g, "mandatory", u.mandatory(), false);
        flag(g, "beta", u.beta(), false);
        if (!u.msrcSeverity().isEmpty()) {
            g.writeStringField("msrcSeverity", u.msrcSeverity());
        }
        if (!u.supportUrl().isEmpty()) {
            g.writeStringField("supportUrl", u.supportUrl());
        }
        if (u.lastDeploymentChangeTime() != null) {
            g.writeStringField(
                    "lastDeploymentChangeTime", u.lastDeploymentChangeTime().toString());
        }
        if (!u.deploymentAction().equals("Installation")) {
            g.writeStringField("deploymentAction", u.deploymentAction());
        }
        strings(g, "supersededUpdateIds", u.supersededUpdateIds());
        g.writeArrayFieldStart("files");
        for (CatalogFile f : u.files()) {
            file(g, f, urlOf);
        }
        g.writeEndArray();
        if (u.bootstrapper() != null) {
            g.writeFieldName("bootstrapper");
            file(g, u.bootstrapper(), urlOf);
        }
        if (!u.bundled().isEmpty()) {
            g.writeArrayFieldStart("bundled");
            for (CatalogUpdate b : u.bundled()) {
                update(g, b, urlOf);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void file(JsonGenerator g, CatalogFile f, Function<CatalogFile, String> urlOf) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        String url = urlOf.apply(f);
        g.writeStringField("url", url);
        g.writeNumberField("size", f.size());
        if (f.digest() != null) {
            g.writeStringField(f.digestAlgorithm().equals(Digests.SHA256) ? "sha256" : "sha1", f.digestHex());
        }
        if (f.sha1Also() != null) {
            g.writeStringField("sha1", Digests.hex(f.sha1Also()));
        }
        if (url.equals(f.urlText()) && !f.mirrors().isEmpty()) {
            g.writeArrayFieldStart("mirrors");
            for (URI m : f.mirrors()) {
                g.writeString(m.toString());
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void flag(JsonGenerator g, String key, boolean value, boolean dflt) throws IOException {
        if (value != dflt) {
            g.writeBooleanField(key, value);
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

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "provenance value " + v.getClass().getName() + " is not JSON-able");
        }
    }
}
