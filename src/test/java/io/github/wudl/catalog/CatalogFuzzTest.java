package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes {@link CatalogReader#parse(byte[], java.net.URI, CatalogOptions)} (issue 6 item 5): for any bytes
 * it returns a {@link Catalog} or throws {@link CatalogException}, never anything else and never hangs, and
 * every file name it accepts is a plain name that cannot leave the output folder. 80,000 tries in all; each
 * try is bounded by {@link Bounded}. jqwik prints "tries = N" per property and the accepted/refused split.
 */
class CatalogFuzzTest {
    /** Each property's wall-clock budget; one normally needs under 10 s on two shared cores. */
    private static final long BUDGET_SECONDS = 25;

    private static final String SAMPLE = sampleText();
    /** JSON tokens of the sample: strings, numbers, punctuation, literals, whitespace. */
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?|[{}\\[\\]:,]|true|false|null|\\s+");

    private static final List<String> SAMPLE_TOKENS = tokens(SAMPLE);

    private Bounded bounded;

    @BeforeProperty
    void startTheClock() {
        // jqwik runs this before each property (whatever its instance lifecycle): one budget per property
        bounded = Bounded.budget(getClass().getSimpleName(), BUDGET_SECONDS);
    }

    @Example
    void theMutationBaseIsAValidCatalog() {
        // mutations start from an accepted catalog, so a mutation that keeps it valid exercises the binder too
        Catalog c = CatalogReader.parse(SAMPLE.getBytes(StandardCharsets.UTF_8), TestCatalogs.HTTP_BASE, null);
        assertFalse(c.updates().isEmpty());
        assertTrue(SAMPLE_TOKENS.size() > 100, "tokens: " + SAMPLE_TOKENS.size());
    }

    @Property(tries = 30_000, shrinking = ShrinkingMode.BOUNDED)
    void randomJsonishInputIsReadOrRefused(@ForAll("jsonish") byte[] input) {
        check(input);
    }

    @Property(tries = 30_000, shrinking = ShrinkingMode.BOUNDED)
    void mutatedSampleIsReadOrRefused(@ForAll("mutatedSample") String input) {
        check(input.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 20_000, shrinking = ShrinkingMode.BOUNDED)
    void generatedHostileCatalogIsReadOrRefused(@ForAll("hostileCatalog") String input) {
        check(input.getBytes(StandardCharsets.UTF_8));
    }

    /** The properties' one assertion: a Catalog with plain names, or a CatalogException; nothing else. */
    private void check(byte[] input) {
        Object outcome = bounded.run(new String(input, StandardCharsets.UTF_8), () -> {
            try {
                return CatalogReader.parse(input, TestCatalogs.HTTP_BASE, CatalogOptions.defaults());
            } catch (CatalogException e) {
                return e;
            }
        });
        if (outcome instanceof CatalogException e) {
            assertNotNull(e.getMessage());
            Statistics.label("outcome").collect("refused");
            return;
        }
        Catalog c = (Catalog) outcome;
        List<CatalogFile> files = new ArrayList<>();
        c.updates().forEach(u -> collect(u, files));
        for (CatalogFile f : files) {
            assertPlain(f.name());
        }
        Statistics.label("outcome").collect(files.isEmpty() ? "accepted, no files" : "accepted with files");
    }

    private static void collect(CatalogUpdate u, List<CatalogFile> out) {
        out.addAll(u.files());
        if (u.bootstrapper() != null) {
            out.add(u.bootstrapper());
        }
        u.bundled().forEach(b -> collect(b, out));
    }

    /** A plain name: no separator, no drive, not . or .., and DIR/name stays directly in DIR. */
    static void assertPlain(String name) {
        assertFalse(name.isEmpty() || name.equals(".") || name.equals(".."), name);
        assertFalse(name.contains("/") || name.contains("\\") || name.contains(":") || name.contains("\0"), name);
        Path dir = Path.of("out", "id");
        Path placed = dir.resolve(name).normalize();
        assertEquals(dir, placed.getParent(), "name " + name + " leaves the folder");
    }

    // ---- generators ----

    @Provide
    Arbitrary<byte[]> jsonish() {
        Arbitrary<String> soup = Arbitraries.frequencyOf(
                        Tuple.of(6, Arbitraries.of("{", "}", "[", "]", ":", ",", " ", "\n")),
                        Tuple.of(4, Arbitraries.of(keys())),
                        Tuple.of(3, oddValues()),
                        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(6)))
                .list()
                .ofMaxSize(80)
                .map(l -> String.join("", l));
        Arbitrary<byte[]> text = soup.map(s -> s.getBytes(StandardCharsets.UTF_8));
        // raw bytes: invalid UTF-8, NULs (the UTF-16 guess), BOMs
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> bom = soup.map(
                s -> concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, s.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.frequencyOf(Tuple.of(7, text), Tuple.of(2, raw), Tuple.of(1, bom));
    }

    /** The sample catalog with 1 to 6 tokens deleted, duplicated, replaced, inserted or nested. */
    @Provide
    Arbitrary<String> mutatedSample() {
        Arbitrary<Mutation> one = Combinators.combine(
                        Arbitraries.of(Op.values()),
                        Arbitraries.integers().between(0, SAMPLE_TOKENS.size() - 1),
                        replacement())
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(6).map(ms -> {
            List<String> t = new ArrayList<>(SAMPLE_TOKENS);
            for (Mutation m : ms) {
                m.apply(t);
            }
            return String.join("", t);
        });
    }

    /** Structurally valid JSON catalogs whose values are hostile: names, URLs, sizes, nesting, unicode. */
    @Provide
    Arbitrary<String> hostileCatalog() {
        Arbitrary<ObjectNode> file = Combinators.combine(fileNames(), urls(), sizes(), digests())
                .as((name, url, size, digest) -> {
                    ObjectNode f = JsonNodeFactory.instance.objectNode();
                    f.put("name", name);
                    f.put("url", url);
                    f.set("size", size);
                    f.put(digest.length() == 40 || digest.length() == 28 ? "sha1" : "sha256", digest);
                    return f;
                });
        Arbitrary<Integer> depth = Arbitraries.frequencyOf(
                Tuple.of(16, Arbitraries.integers().between(0, 3)),
                Tuple.of(2, Arbitraries.integers().between(15, 40)), // a bundled chain near the nesting limit
                Tuple.of(1, Arbitraries.integers().between(60, 200))); // beyond it: a nesting bomb
        return Combinators.combine(file.list().ofMaxSize(3), file.injectNull(0.5), depth, Arbitraries.of(guids()))
                .as((files, boot, nest, id) -> {
                    ObjectNode u = update(id, files, boot);
                    for (int i = 0; i < nest; i++) {
                        ObjectNode parent =
                                update(String.format("%08x-0000-4000-8000-000000000000", i), List.of(), null);
                        parent.putArray("bundled").add(u);
                        u = parent;
                    }
                    ObjectNode root = JsonNodeFactory.instance.objectNode();
                    root.put("format", CatalogReader.FORMAT);
                    root.putArray("updates").add(u);
                    try {
                        // String, not bytes: lone surrogates stay in and are encoded (as '?') below
                        return TestCatalogs.JSON.writeValueAsString(root);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static ObjectNode update(String id, List<ObjectNode> files, ObjectNode boot) {
        ObjectNode u = JsonNodeFactory.instance.objectNode();
        u.put("id", id);
        u.put("title", "Update " + id);
        ArrayNode fs = u.putArray("files");
        files.forEach(fs::add);
        if (boot != null) {
            u.set("bootstrapper", boot);
        }
        return u;
    }

    /** Path-like and odd file names: traversal, separators, drives, devices, controls, bidi, any unicode. */
    private static Arbitrary<String> fileNames() {
        Arbitrary<String> piece = Arbitraries.of(
                "..",
                ".",
                "a",
                "kb.msu",
                "C:",
                "c:",
                "Z:",
                "\\\\?\\",
                "//",
                "/",
                "\\",
                "%2e%2e",
                "\u0000",
                "\u202E",
                "\u200B",
                "NUL",
                "con.txt",
                "COM1",
                " ",
                "...",
                "~",
                "\uD800",
                "\uDC00",
                "\uFEFF",
                "\u3000",
                "\u2215",
                "\uFF0F",
                "\u2024\u2024",
                "*",
                "?",
                "\"",
                "<",
                "|");
        Arbitrary<String> joined = piece.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l));
        return Arbitraries.frequencyOf(
                Tuple.of(4, joined),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("._-")
                                .ofMinLength(1)
                                .ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().alpha().ofLength(300))); // too long for a file system
    }

    // urls, sizes and digests are mostly valid so that the file name decides often enough (the property about names)
    private static Arbitrary<String> urls() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("content/a.msu", "https://mirror.example/a.msu")),
                Tuple.of(1, hostileUrls()));
    }

    private static Arbitrary<String> hostileUrls() {
        return Arbitraries.of(
                "content/a.msu",
                "../../../etc/passwd",
                "/abs/path",
                "file:///etc/passwd",
                "http://user:secret@host.example/x",
                "https://[::1]:99999/x",
                "http://",
                "javascript:alert(1)",
                "",
                " ",
                "http://host.example/%zz",
                "\\\\server\\share\\x",
                "C:\\Windows\\x",
                "mailto:a@b",
                "ftp://host.example/x",
                "http://host.example/a b",
                "http://h\u00E9.example/x",
                "//host.example/x");
    }

    private static Arbitrary<JsonNode> sizes() {
        JsonNodeFactory n = JsonNodeFactory.instance;
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.longs().between(0, 1L << 40).map(n::numberNode)),
                Tuple.of(3, Arbitraries.longs().map(n::numberNode)),
                Tuple.of(
                        1,
                        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, -1L).map(n::numberNode)),
                Tuple.of(
                        1,
                        Arbitraries.bigIntegers()
                                .between(BigInteger.TEN.pow(19), BigInteger.TEN.pow(60))
                                .map(n::numberNode)),
                Tuple.of(1, Arbitraries.doubles().map(n::numberNode)),
                Tuple.of(1, Arbitraries.of("7", "1e3", "", "NaN").map(n::textNode)),
                Tuple.of(1, Arbitraries.just(n.booleanNode(true))));
    }

    private static Arbitrary<String> digests() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.just(TestCatalogs.SHA256_HEX)),
                Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars("0123456789abcdefABCDEF")
                                .ofLength(64)),
                Tuple.of(1, Arbitraries.strings().withChars("0123456789abcdef").ofLength(40)),
                Tuple.of(
                        1,
                        Arbitraries.strings().alpha().numeric().withChars("+/=").ofLength(44)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(70)));
    }

    private static String[] guids() {
        return new String[] {
            TestCatalogs.ID,
            "{7D3C9A10-1111-4222-8333-944455556666}",
            "00000000-0000-0000-0000-000000000000",
            "7d3c9a10-1111-4222-8333-94445555666",
            "not-a-guid"
        };
    }

    private static List<String> keys() {
        return List.of(
                "\"format\"",
                "\"wudl-catalog/1\"",
                "\"updates\"",
                "\"id\"",
                "\"" + TestCatalogs.ID + "\"",
                "\"title\"",
                "\"files\"",
                "\"name\"",
                "\"url\"",
                "\"size\"",
                "\"sha256\"",
                "\"sha1\"",
                "\"" + TestCatalogs.SHA256_HEX + "\"",
                "\"bundled\"",
                "\"bootstrapper\"",
                "\"mirrors\"",
                "\"revision\"",
                "\"kb\"",
                "\"type\"",
                "\"Driver\"",
                "\"categories\"",
                "\"installed\"",
                "\"priority\"",
                "\"lastDeploymentChangeTime\"",
                "\"content/a.msu\"",
                "\"a.msu\"");
    }

    /** Values that stress the tokenizer and binder: huge numbers, bad escapes, odd unicode, traversal. */
    private static Arbitrary<String> oddValues() {
        return Arbitraries.of(
                "0",
                "-0",
                "1",
                "-1",
                "1.5",
                "1e999",
                "-1e-999",
                "99999999999999999999999",
                "9".repeat(70),
                "0x10",
                "NaN",
                "Infinity",
                "true",
                "false",
                "null",
                "tru",
                "\"\\u0000\"",
                "\"\\uD800\"",
                "\"\\uDC00\\uD800\"",
                "\"\\x\"",
                "\"\u202E\"",
                "\"..\"",
                "\"../a\"",
                "\"C:\\\\x\"",
                "\"a/b\"",
                "\"\\\\\\\\server\"",
                "\"",
                "'a'",
                "/* c */",
                "//",
                "\u00A0",
                "\uFEFF",
                "\u0000",
                "[".repeat(100),
                "{\"a\":".repeat(70),
                "]".repeat(50));
    }

    private static Arbitrary<String> replacement() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, oddValues()),
                Tuple.of(2, Arbitraries.of(keys())),
                Tuple.of(2, Arbitraries.of(SAMPLE_TOKENS)),
                Tuple.of(2, fileNames().map(CatalogFuzzTest::quoted)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
    }

    private static String quoted(String s) {
        try {
            return TestCatalogs.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private enum Op {
        DELETE,
        DUPLICATE,
        REPLACE,
        INSERT,
        NEST
    }

    private record Mutation(Op op, int index, String token) {
        void apply(List<String> t) {
            if (t.isEmpty()) {
                t.add(token);
                return;
            }
            int i = index % t.size();
            switch (op) {
                case DELETE -> t.remove(i);
                case DUPLICATE -> t.add(i, t.get(i));
                case REPLACE -> t.set(i, token);
                case INSERT -> t.add(i, token);
                // wrap one token in deep brackets: a local nesting bomb inside an otherwise valid catalog
                case NEST -> t.set(i, "[".repeat(70) + t.get(i) + "]".repeat(70));
                default -> throw new AssertionError(op);
            }
        }
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(text.substring(at, m.start())); // anything the pattern missed stays as one token
            }
            out.add(m.group());
            at = m.end();
        }
        if (at < text.length()) {
            out.add(text.substring(at));
        }
        return List.copyOf(out);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sampleText() {
        try (InputStream in = CatalogFuzzTest.class.getResourceAsStream("/catalog/sample.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
