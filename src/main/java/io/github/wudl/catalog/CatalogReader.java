package io.github.wudl.catalog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads and validates a catalog (SPEC §3). Thread-safe; holds no state.
 *
 * <p>A catalog is accepted as a whole or refused as a whole: the first problem found ends reading with a
 * {@link CatalogException} ({@code E_INVALIDARG}) whose message names the JSON path of the offending value
 * (or the line and column of a JSON syntax error), what is wrong and what to do. Nothing but a
 * {@code CatalogException} escapes for any input bytes; a failing stream gives one with {@code E_FAIL}.
 *
 * <p>Rules beyond SPEC §3's prose: the document must be UTF-8 (a BOM is tolerated), at most
 * {@link #MAX_CATALOG_BYTES} long, nested at most {@link #MAX_NESTING_DEPTH} deep, with no key twice in one
 * object and nothing after the top-level object; numbers are at most 64 characters, strings at most 1 MiB.
 * A key whose value is {@code null} counts as absent; unknown keys are ignored.
 */
public final class CatalogReader {
    /** The one format this version reads. */
    public static final String FORMAT = "wudl-catalog/1";
    /** Larger documents are refused before parsing. */
    public static final int MAX_CATALOG_BYTES = 64 << 20;
    /** Deeper nesting of arrays and objects is refused (bundled updates count towards it). */
    public static final int MAX_NESTING_DEPTH = 64;

    // Only Jackson's streaming core: an ObjectMapper costs about 250 ms of class loading
    // in a fresh JVM, a quarter of a cold load of a 10,000-update catalog, and reading needs none of it.
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(64)
                    .maxStringLength(1 << 20)
                    .maxNameLength(1024)
                    .maxDocumentLength(MAX_CATALOG_BYTES)
                    .build())
            // two values for one key would make "which one counts" a guess: node() refuses them
            .build();

    private static final String FIX_JSON =
            "fix the JSON (a missing quote or comma, a trailing comma, or a key" + " given twice are the usual causes)";
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");
    private static final Pattern JACKSON_FROM = Pattern.compile(", from `[^`]*`");

    private CatalogReader() {}

    /**
     * Reads the catalog file at {@code file}; relative URLs resolve against the file's location (and, being
     * file: URLs then, are refused: content comes over http(s) only).
     */
    public static Catalog read(Path file, CatalogOptions options) {
        Objects.requireNonNull(file, "file");
        URI base = file.toAbsolutePath().toUri();
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, base, options);
        } catch (IOException e) {
            throw new CatalogException(
                    HResult.E_FAIL,
                    null,
                    -1,
                    -1,
                    "cannot read the catalog " + file + ": " + e + "; check the path and its permissions",
                    e);
        }
    }

    /**
     * Reads a catalog from {@code in} (not closed here). At most {@link #MAX_CATALOG_BYTES} are read.
     *
     * @param base    the catalog's own location (file: or http(s)); relative URLs resolve against it
     * @param options null for {@link CatalogOptions#defaults()}
     */
    public static Catalog parse(InputStream in, URI base, CatalogOptions options) {
        Objects.requireNonNull(in, "in");
        byte[] bytes;
        try {
            // one byte more than allowed tells "too large" from "exactly at the limit"
            bytes = in.readNBytes(MAX_CATALOG_BYTES + 1);
        } catch (IOException e) {
            throw new CatalogException(
                    HResult.E_FAIL,
                    null,
                    -1,
                    -1,
                    "cannot read the catalog " + Redaction.uri(base) + ": " + e
                            + "; check that it is reachable and try again",
                    e);
        }
        return parse(bytes, base, options);
    }

    /**
     * Reads a catalog from UTF-8 bytes.
     *
     * @param base    the catalog's own location (file: or http(s)); relative URLs resolve against it
     * @param options null for {@link CatalogOptions#defaults()}
     */
    public static Catalog parse(byte[] json, URI base, CatalogOptions options) {
        Objects.requireNonNull(json, "json");
        CatalogOptions opts = options == null ? CatalogOptions.defaults() : options;
        URI where;
        try {
            where = Urls.checkBase(base);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(null, -1, -1, e.getMessage());
        }
        Fields fields = new Fields(where);
        if (json.length > MAX_CATALOG_BYTES) {
            throw fields.bad("$", "the catalog is larger than " + MAX_CATALOG_BYTES + " bytes; split it");
        }
        checkUtf8Signature(json, fields);
        Object root = document(json, where);
        return bind(root, where, opts, fields);
    }

    private static void checkUtf8Signature(byte[] b, Fields fields) {
        // Jackson would quietly decode UTF-16/32; SPEC §3 says UTF-8, so say so instead of guessing
        boolean bom16 = b.length >= 2
                && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE));
        boolean zero = false;
        for (int i = 0; i < Math.min(4, b.length); i++) {
            zero |= b[i] == 0;
        }
        if (bom16 || zero) {
            throw fields.bad("$", "the catalog is not UTF-8 (it looks like UTF-16 or UTF-32); save it as UTF-8");
        }
    }

    private static Object document(byte[] json, URI where) {
        JsonParser parser = null;
        try {
            parser = JSON.createParser(json);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw syntax(
                        where,
                        1,
                        1,
                        "$",
                        "the catalog is empty",
                        "write a catalog object {\"format\": \"" + FORMAT + "\", \"updates\": [...]}");
            }
            Object root = node(parser, first);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw syntax(
                        where,
                        at.getLineNr(),
                        at.getColumnNr(),
                        "$",
                        "there is more after the catalog's" + " closing brace",
                        FIX_JSON);
            }
            return root;
        } catch (JsonProcessingException e) {
            // constraint violations carry no location of their own; the parser still knows where it is
            JsonLocation loc =
                    e.getLocation() != null ? e.getLocation() : parser != null ? parser.currentLocation() : null;
            long line = loc == null ? -1 : loc.getLineNr();
            long column = loc == null ? -1 : loc.getColumnNr();
            String path = parser == null ? "$" : path(parser.getParsingContext());
            String original = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            String remedy = e instanceof StreamConstraintsException
                    ? "wudl refuses input this deep or this long to protect itself, and no real catalog needs it"
                    : FIX_JSON;
            throw syntax(where, line, column, path, tidy(original), remedy);
        } catch (IOException e) {
            // parsing a byte[] does no I/O; anything else Jackson raises is still about these bytes
            throw syntax(where, -1, -1, "$", String.valueOf(e.getMessage()), FIX_JSON);
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // nothing to release for a byte[] source
                }
            }
        }
    }

    /**
     * The value that starts at {@code token}, in the form {@link JsonObject} describes. The recursion is
     * bounded: the parser refuses nesting deeper than {@link #MAX_NESTING_DEPTH}.
     */
    private static Object node(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                JsonObject o = new JsonObject();
                for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
                    if (o.has(key)) {
                        // Jackson's own check (STRICT_DUPLICATE_DETECTION) keeps a hash set per object: an eighth
                        // of a cold load's main-thread time (median of 8 fresh JVMs, 611 -> 532 ms of CPU). The
                        // object's own lookup does the same job, in the same words as Jackson's.
                        throw new JsonParseException(p, "Duplicate field '" + key + "'");
                    }
                    o.put(key, node(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                List<Object> a = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(node(p, t));
                }
                return a;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            case VALUE_NULL:
                return JsonObject.NULL;
            default:
                // END_OBJECT/END_ARRAY where a value belongs, or an embedded object: the parser's own checks
                // make this unreachable for text input, but a value must never be made from it
                throw new JsonParseException(p, "unexpected " + token);
        }
    }

    /** Jackson's wording without its internals: "[Source: …; line: 2, column: 5]" becomes "line 2, column 5". */
    static String tidy(String message) {
        String m = JACKSON_SOURCE.matcher(message).replaceAll("line $1, column $2");
        return JACKSON_FROM.matcher(m).replaceAll("");
    }

    private static CatalogException syntax(URI where, long line, long column, String path, String what, String remedy) {
        // a nesting bomb's path is as deep as the bomb; the message only needs its start
        String shown = path.length() <= 120 ? path : path.substring(0, 117) + "...";
        String at = line > 0 ? "line " + line + ", column " + column + " (" + shown + ")" : shown;
        return new CatalogException(
                path,
                line,
                column,
                "catalog " + Redaction.uri(where) + " is not valid JSON at " + at + ": "
                        + Fields.show(what, 300).replaceAll("^\"|\"$", "") + "; " + remedy);
    }

    /** A Jackson parsing context as a {@code $.a[1].b} path. */
    static String path(JsonStreamContext ctx) {
        StringBuilder out = new StringBuilder();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                out.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                out.insert(0, "." + c.getCurrentName());
            }
        }
        return "$" + out;
    }

    private static Catalog bind(Object root, URI where, CatalogOptions opts, Fields fields) {
        JsonPath at = JsonPath.ROOT;
        JsonObject o = fields.object(root, at, "a catalog { \"format\": \"" + FORMAT + "\", \"updates\": [...] }");
        String format = fields.string(o, at, "format", "add \"format\": \"" + FORMAT + "\"");
        if (!format.equals(FORMAT)) {
            throw fields.bad(
                    "$.format",
                    Fields.show(format) + " is not a format this wudl reads; it reads \"" + FORMAT
                            + "\" (a newer format needs a newer wudl)");
        }
        List<Object> updates = fields.optArray(o, at, "updates");
        if (updates == null) {
            throw fields.bad(
                    "$.updates",
                    "the required \"updates\" is missing; add \"updates\": [ ... ] (it may be" + " empty)");
        }
        List<CatalogUpdate> list =
                new UpdateBinder(where, opts.allowUnverified(), fields).updates(updates, at.key("updates"));
        return new Catalog(FORMAT, where, list);
    }
}
