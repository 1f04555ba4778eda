package io.github.wudl.catalog;

import static io.github.wudl.catalog.TestCatalogs.file;
import static io.github.wudl.catalog.TestCatalogs.refused;
import static io.github.wudl.catalog.TestCatalogs.update;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every SPEC §3 rule refuses the whole catalog and names the JSON path of the offending value. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CatalogRefusalTest {
    private static final String F = "$.updates[0].files[0]";
    private static final String U = "$.updates[0]";

    private static Arguments c(String path, String what, Consumer<ObjectNode> change) {
        return arguments(path, what, change);
    }

    private static ObjectNode u(ObjectNode root) {
        return update(root, 0);
    }

    private static ObjectNode boot(ObjectNode root) {
        return (ObjectNode) u(root).get("bootstrapper");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // document level
                c("$.format", "the required \"format\" is missing", r -> r.remove("format")),
                c("$.format", "newer wudl", r -> r.put("format", "wudl-catalog/2")),
                c("$.format", "expected a string, found a number", r -> r.put("format", 1)),
                c("$.updates", "the required \"updates\" is missing", r -> r.remove("updates")),
                c("$.updates", "expected an array", r -> r.putObject("updates")),
                c(
                        "$.updates[0]",
                        "expected an update (a JSON object), found a string",
                        r -> r.withArray("updates").set(0, r.textNode("x"))),
                // update
                c(U + ".id", "the required \"id\" is missing", r -> u(r).remove("id")),
                c(U + ".id", "is not a GUID", r -> u(r).put("id", "KB5099999")),
                c(U + ".id", "is not a GUID", r -> u(r).put("id", "{2f5a1c3e-8d41-4b7a-9c1e-1d2f3a4b5c6d")),
                c(U + ".id", "expected a string", r -> u(r).put("id", 5)),
                c(U + ".revision", "out of range", r -> u(r).put("revision", 0)),
                c(U + ".revision", "out of range", r -> u(r).put("revision", 1L << 31)),
                c(U + ".revision", "whole number", r -> u(r).put("revision", "2")),
                c(U + ".revision", "without a fraction", r -> u(r).put("revision", 1.5)),
                c(U + ".title", "the required \"title\" is missing", r -> u(r).remove("title")),
                c(U + ".title", "blank", r -> u(r).put("title", "  ")),
                c(U + ".title", "expected a string, found true", r -> u(r).put("title", true)),
                c(U + ".kb", "expected an array", r -> u(r).put("kb", "5099999")),
                c(
                        U + ".kb[1]",
                        "expected a string, found a number",
                        r -> u(r).putArray("kb").add("1").add(2)),
                c(
                        U + ".kb[0]",
                        "not a KB article number",
                        r -> u(r).putArray("kb").add("KB")),
                c(U + ".description", "expected a string", r -> u(r).putArray("description")),
                c(U + ".type", "use \"Software\" or \"Driver\"", r -> u(r).put("type", "Firmware")),
                c(U + ".type", "expected a string", r -> u(r).put("type", 1)),
                c(
                        U + ".categories[0].id",
                        "a category object needs its \"id\"",
                        r -> u(r).putArray("categories").addObject()),
                c(
                        U + ".categories[0]",
                        "expected a category name (a string) or",
                        r -> u(r).putArray("categories").add(7)),
                c(
                        U + ".categories[0]",
                        "blank",
                        r -> u(r).putArray("categories").add("")),
                c(U + ".installed", "expected true or false, found a string", r -> u(r).put("installed", "false")),
                c(U + ".hidden", "expected true or false, found a number", r -> u(r).put("hidden", 1)),
                c(U + ".browseOnly", "expected true or false", r -> u(r).put("browseOnly", "yes")),
                c(U + ".eulaAccepted", "expected true or false", r -> u(r).putArray("eulaAccepted")),
                c(U + ".priority", "\"extrahigh\" or the WUA number 1-4", r -> u(r).put("priority", "urgent")),
                c(U + ".priority", "out of range", r -> u(r).put("priority", 5)),
                c(U + ".priority", "found true", r -> u(r).put("priority", true)),
                c(U + ".mandatory", "expected true or false", r -> u(r).put("mandatory", "yes")),
                c(U + ".beta", "expected true or false", r -> u(r).put("beta", 0)),
                c(U + ".msrcSeverity", "not an MSRC severity", r -> u(r).put("msrcSeverity", "Severe")),
                c(U + ".supportUrl", "expected a string", r -> u(r).put("supportUrl", 5)),
                c(
                        U + ".lastDeploymentChangeTime",
                        "not an ISO-8601",
                        r -> u(r).put("lastDeploymentChangeTime", "yesterday")),
                c(U + ".files", "the required \"files\" is missing", r -> u(r).remove("files")),
                c(U + ".files", "no files and no bundled updates", r -> u(r).putArray("files")),
                c(U + ".files", "no files and no bundled updates", r -> {
                    u(r).putArray("files");
                    u(r).putArray("bundled");
                }),
                c(U + ".files", "expected an array", r -> u(r).putObject("files")),
                c(U + ".bundled", "expected an array", r -> u(r).put("bundled", "x")),
                // file
                c(
                        F,
                        "expected a file (a JSON object), found a string",
                        r -> u(r).putArray("files").add("a.msu")),
                c(F + ".name", "the required \"name\" is missing", r -> file(r).remove("name")),
                c(F + ".name", "directory reference", r -> file(r).put("name", "..")),
                c(F + ".name", "path separator", r -> file(r).put("name", "../../etc/passwd")),
                c(F + ".name", "path separator", r -> file(r).put("name", "dir\\a.msu")),
                c(F + ".name", "drive letter", r -> file(r).put("name", "C:a.msu")),
                c(F + ".name", "control character U+0000", r -> file(r).put("name", "a\u0000.msu")),
                c(F + ".name", "reserved device name", r -> file(r).put("name", "CON")),
                c(F + ".name", "is empty", r -> file(r).put("name", "")),
                c(F + ".name", "longer than 255 bytes", r -> file(r).put("name", "a".repeat(256))),
                c(F + ".url", "the required \"url\" is missing", r -> file(r).remove("url")),
                c(F + ".url", "expected a string", r -> file(r).put("url", 80)),
                c(F + ".url", "is empty", r -> file(r).put("url", "")),
                c(F + ".url", "not a valid URL", r -> file(r).put("url", "http://host/a b.msu")),
                c(F + ".url", "use an http or https URL", r -> file(r).put("url", "ftp://host/a.msu")),
                // a long s (U+017F) upper-cases to S, yet is no scheme letter: not "https"
                c(F + ".url", "not a valid URL", r -> file(r).put("url", "http\u017F://host/a.msu")),
                c(F + ".url", "has no host name", r -> file(r).put("url", "http://host_1/a.msu")),
                c(F + ".url", "file: URLs are not allowed for content", r -> file(r).put("url", "file:///etc/passwd")),
                c(F + ".url", "has no host name", r -> file(r).put("url", "https:///a.msu")),
                c(F + ".url", "URLs longer than 8192", r -> file(r).put("url", "https://h/" + "a".repeat(9000))),
                c(F + ".mirrors", "expected an array", r -> file(r).put("mirrors", "https://m/a")),
                c(
                        F + ".mirrors[1]",
                        "file: URLs are not allowed",
                        r -> file(r).putArray("mirrors").add("https://m/a").add("file:/tmp/a")),
                c(F + ".size", "the required \"size\" is missing", r -> file(r).remove("size")),
                c(F + ".size", "out of range", r -> file(r).put("size", -1)),
                c(F + ".size", "out of range", r -> file(r).put("size", (1L << 53) + 1)),
                c(
                        F + ".size",
                        "out of range",
                        r -> file(r).put("size", new BigInteger("123456789012345678901234567890"))),
                c(F + ".size", "without a fraction", r -> file(r).put("size", 10.0)),
                c(F + ".size", "without a fraction", r -> file(r).put("size", 1e3)),
                c(F + ".size", "found a string", r -> file(r).put("size", "10")),
                c(F + ".sha256", "is not a SHA-256 digest", r -> file(r).put("sha256", "abc")),
                c(F + ".sha256", "64 hex digits or 44 base64", r -> file(r).put("sha256", "z".repeat(64))),
                c(
                        F + ".sha256",
                        "is not a SHA-256 digest",
                        r -> file(r).put("sha256", TestCatalogs.sha256Hex("x").substring(0, 40))),
                c(F + ".sha256", "expected a string", r -> file(r).put("sha256", 1)),
                c(F + ".sha1", "40 hex digits or 28 base64", r -> file(r).put("sha1", TestCatalogs.sha256Hex("x"))),
                c(F + ".sha256", "--allow-unverified", r -> file(r).remove("sha256")),
                // names are unique within an update, ignoring case, bootstrapper included
                c(
                        "$.updates[0].files[1].name",
                        "already used at " + F,
                        r -> u(r).withArray("files").add(file(r).deepCopy().put("name", "A.MSU"))),
                c(U + ".bootstrapper.name", "already used at " + F, r -> boot(r).put("name", "a.msu")),
                c(U + ".bootstrapper", "expected a file", r -> u(r).put("bootstrapper", "boot.exe")),
                c(U + ".bootstrapper.size", "the required \"size\" is missing", r -> boot(r).remove("size")),
                // bundled updates obey the same rules, with their own paths
                c(U + ".bundled[0].files[0].sha256", "is not a SHA-256 digest", r -> {
                    ObjectNode b = u(r).putArray("bundled").addObject();
                    b.put("id", "b1b1b1b1-0000-4000-8000-000000000001").put("title", "b");
                    b.putArray("files").add(file(r).deepCopy().put("sha256", "00"));
                }),
                c(U + ".bundled[1].id", "already appears at " + U + ".bundled[0]", r -> {
                    ObjectNode b = u(r).putArray("bundled").addObject();
                    b.put("id", "b1b1b1b1-0000-4000-8000-000000000001").put("title", "b");
                    b.putArray("files").add(file(r).deepCopy());
                    u(r).withArray("bundled").add(b.deepCopy().put("id", "B1B1B1B1-0000-4000-8000-000000000001"));
                }),
                // the same id + revision twice, in any GUID spelling
                c(
                        "$.updates[1].id",
                        "already appears at $.updates[0]",
                        r -> r.withArray("updates")
                                .add(u(r).deepCopy().put("id", "{" + TestCatalogs.ID.toUpperCase(Locale.ROOT) + "}"))),
                // the brief's example: the third update's first file
                c("$.updates[2].files[0].sha256", "is not a SHA-256 digest", r -> {
                    r.withArray("updates").add(u(r).deepCopy().put("revision", 2));
                    ObjectNode third = u(r).deepCopy().put("revision", 3);
                    ((ObjectNode) third.withArray("files").get(0)).put("sha256", "nope");
                    r.withArray("updates").add(third);
                }));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refusedWithPath(String path, String what, Consumer<ObjectNode> change) {
        refused(change, path, what);
    }

    @Test
    void theFirstProblemIsReported() {
        // two problems: the earlier one in document order wins
        refused(
                r -> {
                    u(r).put("title", 1);
                    file(r).put("size", -1);
                },
                U + ".title",
                "expected a string");
    }

    @Test
    void messagesSayWhatToDo() {
        String m = refused(r -> file(r).put("sha256", "abc"), F + ".sha256", "SHA-256")
                .getMessage();
        assertTrue(
                m.startsWith("E_INVALIDARG (0x80070057): catalog http://updates.example/wsus/catalog.json refused at "
                        + F + ".sha256: \"abc\" (3 characters) is not a SHA-256 digest; write the 32-byte digest as"),
                m);
    }

    @Test
    void controlCharactersInRefusedValuesAreEscapedInMessages() {
        String m = refused(r -> file(r).put("name", "a\u001b[31m.msu"), F + ".name", "U+001B")
                .getMessage();
        assertTrue(m.contains("\"a\\u001B[31m.msu\""), m);
        assertTrue(m.indexOf('\u001b') < 0, "no raw escape character in: " + m);
    }
}
