package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Jenkins steps send across the remoting channel, both ways, read back through an
 * {@link ObjectInputFilter} that admits only {@code java.*} classes: the test that stands in here for Jenkins'
 * class filter (JEP-200), which refused the engine's result class in a real Jenkins. The agent side is the real
 * one: {@link AgentRequest#runOnAgent} with the command line in a child JVM against {@link DemoServer}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentChannelTest {
    private static final String U1 = "0e5a7c1d-0000-4000-8000-0000000000c1";
    private static final String U2 = "0e5a7c1d-0000-4000-8000-0000000000c2";

    /** Only JDK classes under {@code java.}, arrays of them and primitives; everything else is refused. */
    static final ObjectInputFilter JAVA_ONLY = info -> {
        Class<?> c = info.serialClass();
        if (c == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c.isPrimitive() || c.getName().startsWith("java.")
                ? ObjectInputFilter.Status.ALLOWED
                : ObjectInputFilter.Status.REJECTED;
    };

    @TempDir
    Path tmp;

    private DemoServer server;
    private DemoContent.Generated content;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Channel Cumulative Update (KB5400001)",
                                "5400001",
                                List.of(new FileSpec("kb5400001.msu", 400_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U2,
                                "Channel Servicing Stack (KB5400002)",
                                "5400002",
                                List.of(new FileSpec("kb5400002.cab", 100_000)),
                                null,
                                false)),
                17);
        server = DemoServer.start(content.root());
        Files.createDirectories(tmp.resolve("ws"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFilterRefusesAClassThatIsNotTheJdks() throws Exception {
        // the guard can fail: a serializable class of ours is what Jenkins refused
        assertThrows(InvalidClassException.class, () -> across(new HashMap<>(Map.of("x", new NotJdk()))));
        // and the engine's own types cannot even be written
        AgentResult r = AgentResult.fromWire(Map.of("kind", "SCRIPT", "exitCode", 0, "outcome", "SUCCEEDED"));
        assertThrows(NotSerializableException.class, () -> across(r));
        assertThrows(
                NotSerializableException.class,
                () -> across(StepOptions.script("a.js").build()));
    }

    @Test
    void aDownloadCrossesBothWaysAndItsReportBecomesTheBuildPageTable() throws Exception {
        StepOptions options = StepOptions.download(server.uri("catalog.json").toString())
                .cacheDir(tmp.resolve("cache").toString())
                .outputDir("updates")
                .build();
        Map<String, Object> back = roundTrip(options, "s3cret-proxy-password");

        AgentResult result = AgentResult.fromWire(back);
        assertEquals(Outcome.SUCCEEDED, result.outcome(), log());
        assertEquals(null, result.failure(options));
        Map<String, Object> report = result.toMap();
        assertEquals("Succeeded", report.get("resultCode"));
        ReportTable table = ReportTable.of(report);
        assertEquals(2, table.rows().size());
        assertEquals(2, table.count("Succeeded"));
        assertEquals(500_000, table.totalSize());
        assertEquals(500_000, table.bytesDownloaded());
        ReportTable.Row first =
                table.rows().stream().filter(r -> r.id().equals(U1)).findFirst().orElseThrow();
        assertEquals("KB5400001", first.kb());
        assertEquals("S_OK", first.hresultName());
        assertEquals(400_000, first.size());
        assertEquals("no", first.fromCacheText());
        assertTrue(Files.size(tmp.resolve("ws/updates").resolve(U1).resolve("kb5400001.msu")) == 400_000);

        // the second call finds everything in the cache, and the table says so
        ReportTable again =
                ReportTable.of(AgentResult.fromWire(roundTrip(options, null)).toMap());
        assertTrue(
                again.rows().stream().allMatch(r -> r.fromCacheText().equals("yes")),
                again.rows().toString());
        assertEquals(0, again.bytesDownloaded());
    }

    @Test
    void aFailedDownloadAndAScriptCrossToo() throws Exception {
        Files.write(content.file("kb5400002.cab"), new byte[100_000]); // same size, wrong bytes
        StepOptions options = StepOptions.download(server.uri("catalog.json").toString())
                .cacheDir(tmp.resolve("cache").toString())
                .build();
        AgentResult failed = AgentResult.fromWire(roundTrip(options, null));
        assertEquals(Outcome.FAILED, failed.outcome(), log());
        String why = failed.failure(options);
        assertTrue(
                why.contains("1 of 2 updates failed") && why.contains(U2) && why.contains("WU_E_DM_INCORRECTFILEHASH"),
                why);
        ReportTable.Row bad = ReportTable.of(failed.toMap()).rows().stream()
                .filter(r -> r.id().equals(U2))
                .findFirst()
                .orElseThrow();
        assertEquals("Failed", bad.resultCode());
        assertEquals("WU_E_DM_INCORRECTFILEHASH", bad.hresultName());

        Files.writeString(tmp.resolve("ws/hello.js"), "WScript.Echo('hello ' + WScript.Arguments.Item(0));");
        AgentResult script = AgentResult.fromWire(roundTrip(
                StepOptions.script("hello.js").args(List.of("channel")).build(), null));
        assertEquals(Map.of("exitCode", 0), script.toMap());
        assertTrue(log().contains("hello channel"), log());
    }

    @Test
    void whatGoesWrongOnTheAgentComesBackAsAJdkException() throws Exception {
        // a request of the wrong shape is refused on the agent with a JDK exception naming the key
        HashMap<String, Object> wire = AgentRequest.builder(
                        StepOptions.script("a.js").build())
                .classPath("x")
                .build()
                .toWire();
        wire.put("secrets", "not a list");
        IllegalArgumentException bad = assertThrows(
                IllegalArgumentException.class, () -> AgentRequest.runOnAgent(across(wire), tmp.resolve("ws"), log));
        assertTrue(bad.getMessage().contains("'secrets'"), bad.getMessage());
        across(bad);

        // an exception that carries a class of ours is flattened into an IOException that keeps the words
        Exception ours = AgentRequest.jdkOnly(new IOException("copy failed", new EngineFailure("disk full")));
        IOException flat = assertInstanceOf(IOException.class, across(ours));
        assertTrue(
                flat.getMessage().contains("copy failed")
                        && flat.getMessage().contains("disk full")
                        && flat.getMessage().contains(EngineFailure.class.getName()),
                flat.getMessage());
        IOException jdk = new IOException("plain");
        assertSame(jdk, AgentRequest.jdkOnly(jdk), "a JDK exception crosses as it is");
    }

    /** The controller's request to the agent and the agent's answer, each through {@link #JAVA_ONLY}. */
    private Map<String, Object> roundTrip(StepOptions options, String secret) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        AgentRequest request = AgentRequest.builder(options)
                .classPath(cp)
                .tempDir(tmp.toString())
                .environment(Map.of("WUDL_CACHE", tmp.resolve("default-cache").toString()))
                .systemProperties(secret == null ? Map.of() : Map.of("wudl.test.password", secret))
                .secrets(secret == null ? List.of() : List.of(secret))
                .build();
        Map<String, Object> onAgent = across(request.toWire());
        HashMap<String, Object> answer = AgentRequest.runOnAgent(onAgent, tmp.resolve("ws"), log);
        return across(answer);
    }

    /** Serialises {@code o} and reads it back through {@link #JAVA_ONLY}. */
    @SuppressWarnings("unchecked")
    static <T> T across(T o) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(JAVA_ONLY);
            return (T) in.readObject();
        }
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private static final class NotJdk implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Stands for any of the engine's exception types. */
    private static final class EngineFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EngineFailure(String message) {
            super(message);
        }
    }
}
