package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArgFileTest {
    @TempDir
    Path tmp;

    @Test
    void theJavaLauncherReadsBackEveryValueExactly() throws Exception {
        Map<String, String> props = new LinkedHashMap<>(
                ProxyProperties.of("proxy.example", 3128, "localhost\n*.internal", "ci user", "p\"a ss\\w#rd"));
        Path file = ArgFile.write(tmp.resolve("jvm.args"), props);
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        Process p = new ProcessBuilder(
                        AgentRunner.currentJava().toString(), "@" + file, "-XshowSettings:properties", "-version")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        for (String expected : List.of(
                "https.proxyHost = proxy.example",
                "http.proxyPort = 3128",
                "https.proxyUser = ci user",
                "https.proxyPassword = p\"a ss\\w#rd",
                "http.nonProxyHosts = localhost|*.internal")) {
            assertTrue(out.contains(expected), expected + " in " + out);
        }
    }

    @Test
    void noHostNoProperties() {
        assertEquals(Map.of(), ProxyProperties.of(" ", 8080, null, "u", "p"));
        assertEquals(
                Map.of("http.proxyHost", "h", "http.proxyPort", "1", "https.proxyHost", "h", "https.proxyPort", "1"),
                ProxyProperties.of("h", 1, "", null, null));
    }
}
