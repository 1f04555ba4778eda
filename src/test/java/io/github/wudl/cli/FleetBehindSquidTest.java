package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.testing.Nginx;
import io.github.wudl.testing.Squid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five agents, each with its own cache, behind one real Squid with a disk cache: the origin serves each byte
 * once, because wudl's requests are cacheable (no cache-busting headers) and the proxy's copies are what the
 * later agents get.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetBehindSquidTest {
    private static final String U1 = "7c1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e01";
    private static final String U2 = "7c1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e02";

    @TempDir
    Path tmp;

    private ProcessBuilder agent(int port, String catalogUrl, Path cache, Path out) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                // as a fleet's agents are pointed at their proxy (README); an empty nonProxyHosts lifts the JDK's
                // default exemption of loopback hosts (this origin is on 127.0.0.1; any other list keeps it)
                "-Dhttp.proxyHost=127.0.0.1",
                "-Dhttp.proxyPort=" + port,
                "-Dhttp.nonProxyHosts="));
        if (Runtime.version().feature() >= 24) {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        cmd.addAll(List.of(
                "-cp",
                cp,
                Main.class.getName(),
                "download",
                "--catalog",
                catalogUrl,
                "--cache",
                cache.toString(),
                "--out",
                out.toString(),
                "--quiet"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true);
        pb.environment().put("WUDL_CACHE", cache.toString());
        return pb;
    }

    private static final java.util.regex.Pattern ORIGIN_LINE =
            java.util.regex.Pattern.compile("\"GET (/content/\\S+) HTTP/1\\.[01]\" (\\d{3}) (\\d+)");

    /** Body bytes nginx sent for content files, from its access log (combined format). */
    private static long contentBodyBytes(Nginx origin) throws Exception {
        long sum = 0;
        for (String line : origin.accessLog()) {
            java.util.regex.Matcher m = ORIGIN_LINE.matcher(line);
            if (m.find()) {
                sum += Long.parseLong(m.group(3));
            }
        }
        return sum;
    }

    @Test
    void theOriginServesEachByteOnceForFiveAgents() throws Exception {
        Assumptions.assumeTrue(Squid.available(), "squid is not installed (.ci/run installs it)");
        Assumptions.assumeTrue(Nginx.available(), "nginx is not installed (.ci/run installs it)");
        DemoContent.Generated content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Fleet Update (KB5700001)",
                                "5700001",
                                List.of(new FileSpec("kb5700001.msu", 3_000_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U2,
                                "Fleet Stack (KB5700002)",
                                "5700002",
                                List.of(new FileSpec("kb5700002.cab", 700_000)),
                                null,
                                false)),
                5);
        // the origin is what a mirror runs: nginx, which answers Squid's revalidations with 304
        try (Nginx origin = Nginx.serve(content.root(), tmp.resolve("nginx"));
                Squid squid = Squid.start(tmp.resolve("squid"))) {
            String catalogUrl = origin.url("catalog.json");
            List<Process> agents = new ArrayList<>();
            // the first agent alone fills the proxy; then four at once
            agents.add(agent(squid.port(), catalogUrl, tmp.resolve("cache0"), tmp.resolve("out0"))
                    .redirectOutput(tmp.resolve("agent0.log").toFile())
                    .start());
            assertTrue(agents.get(0).waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, agents.get(0).exitValue(), Files.readString(tmp.resolve("agent0.log")));
            long afterFirst = contentBodyBytes(origin);
            for (int i = 1; i < 5; i++) {
                agents.add(agent(squid.port(), catalogUrl, tmp.resolve("cache" + i), tmp.resolve("out" + i))
                        .redirectOutput(tmp.resolve("agent" + i + ".log").toFile())
                        .start());
            }
            for (int i = 1; i < 5; i++) {
                assertTrue(agents.get(i).waitFor(120, TimeUnit.SECONDS), "agent " + i);
                assertEquals(0, agents.get(i).exitValue(), Files.readString(tmp.resolve("agent" + i + ".log")));
                assertArrayEquals(
                        Files.readAllBytes(content.file("kb5700001.msu")),
                        Files.readAllBytes(tmp.resolve("out" + i + "/" + U1 + "/kb5700001.msu")));
            }
            long contentBytes = 3_000_000 + 700_000;
            String log = String.join("\n", squid.accessLog());
            String originLog = String.join("\n", origin.accessLog());
            assertEquals(contentBytes, afterFirst, "the first agent's content came from the origin:\n" + originLog);
            assertEquals(
                    contentBytes,
                    contentBodyBytes(origin),
                    "the four later agents cost the origin no content byte:\n" + originLog + "\n" + log);
            // HIT, or revalidated with the origin's validators (If-Modified-Since: 304) and served from the cache
            long fromCache = log.lines()
                    .filter(l -> l.contains("/content/kb5700001.msu"))
                    .filter(l -> l.contains("HIT/") || l.contains("TCP_REFRESH_UNMODIFIED/"))
                    .count();
            assertEquals(4, fromCache, "the proxy served the later agents from its cache:\n" + log);
        }
    }
}
