package io.jenkins.plugins.wudl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A controller restart in the middle of a {@code wuDownload} on an agent: the build goes on after the restart,
 * the step starts again on the same agent, the cache resumes what reached the disk, and the step returns the
 * report. Runs where the Jenkins repository is reachable (not in the engine's build).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WuDownloadRestartTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static final String U1 = "0e5a7c1d-0000-4000-8000-0000000000d1";
    private static final long SIZE = 2_000_000;

    @TempDir
    Path tmp;

    private DemoServer server;

    @BeforeEach
    void serve() throws Exception {
        DemoContent.Generated content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(new UpdateSpec(
                        U1,
                        "Restart Cumulative Update (KB5500001)",
                        "5500001",
                        List.of(new FileSpec("kb5500001.msu", SIZE)),
                        null,
                        false)),
                19);
        // the origin outlives both Jenkins sessions; about 20 s of content at this rate
        server = DemoServer.start(content.root());
        server.throttle(100_000);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRestartMidDownloadResumesOnTheSameAgent() throws Throwable {
        String catalog = server.uri("catalog.json").toString();
        String cache = tmp.resolve("cache").toString().replace("\\", "/");
        sessions.then(r -> {
            r.createSlave("restart-agent", "windows-prep", null);
            WorkflowJob p = r.createProject(WorkflowJob.class, "restart");
            p.setDefinition(new CpsFlowDefinition("""
                    node('windows-prep') {
                      def r = wuDownload catalog: '%s', cacheDir: '%s'
                      def f = r.updates[0].files[0]
                      echo "after restart: ${r.resultCode} resumed=${r.bytesResumed} fetched=${r.bytesFetched} cached=${f.fromCache}"
                    }""".formatted(catalog, cache), true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            r.waitForMessage("Downloading 1 update", b);
            assertTrue(
                    server.awaitBytesServed(SIZE / 4, Duration.ofSeconds(120)), "a quarter arrived before the restart");
        });
        long servedBeforeRestart = server.bytesServed();
        sessions.then(r -> {
            WorkflowRun b =
                    r.jenkins.getItemByFullName("restart", WorkflowJob.class).getLastBuild();
            r.assertBuildStatusSuccess(r.waitForCompletion(b));
            r.assertLogContains("wuDownload: Jenkins restarted while this step ran on restart-agent", b);
            r.assertLogContains("after restart: Succeeded", b);
            Matcher m = Pattern.compile("resumed=(\\d+) fetched=(\\d+) cached=(\\w+)")
                    .matcher(JenkinsRule.getLog(b));
            assertTrue(m.find(), "the step returned the report");
            long resumed = Long.parseLong(m.group(1));
            long fetched = Long.parseLong(m.group(2));
            boolean cached = Boolean.parseBoolean(m.group(3));
            // a permanent agent's JVM lives on and the runner stops the child, keeping its part file (resumed);
            // a test agent's JVM may go with the controller, and a child that outlived it finished the file
            assertTrue(resumed > 0 || cached, "the first run's bytes were kept: resumed=" + resumed);
            if (!cached) {
                assertEquals(SIZE, resumed + fetched, "each byte came from the part file or was fetched once");
            }
            assertTrue(server.bytesServed() - servedBeforeRestart < SIZE, "not fetched again from the start");
            assertNotNull(b.getAction(WindowsUpdatesAction.class), "the build page lists the resumed call");
        });
    }
}
