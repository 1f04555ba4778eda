package io.jenkins.plugins.wudl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Label;
import hudson.model.Result;
import hudson.slaves.DumbSlave;
import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code wuDownload} on a real agent ({@code createOnlineSlave}) against the engine's {@link DemoServer} on
 * 127.0.0.1. Runs where the Jenkins repository is reachable (not in the engine's build).
 */
@WithJenkins
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WuDownloadStepTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    static final String U1 = "0e5a7c1d-0000-4000-8000-0000000000b1";
    static final String U2 = "0e5a7c1d-0000-4000-8000-0000000000b2";

    @TempDir
    Path tmp;

    private JenkinsRule j;
    private DemoContent.Generated content;
    private DemoServer server;
    private DumbSlave agent;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Plugin Cumulative Update (KB5300001)",
                                "5300001",
                                List.of(new FileSpec("kb5300001.msu", 600_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U2,
                                "Plugin Servicing Stack (KB5300002)",
                                "5300002",
                                List.of(new FileSpec("kb5300002.cab", 300_000)),
                                null,
                                false)),
                13);
        server = DemoServer.start(content.root());
        agent = j.createOnlineSlave(Label.get("windows-prep"));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void downloadsOnTheAgentLogsProgressAndReturnsTheReport() throws Exception {
        WorkflowJob p = pipeline("""
                node('windows-prep') {
                  def r = wuDownload catalog: '%s', cacheDir: '%s', outputDir: 'updates', priority: 'high'
                  echo "result=${r.resultCode} updates=${r.updates.size()} first=${r.updates[0].id} bytes=${r.bytesDownloaded}"
                  echo "file=${r.updates[0].files[0].name} sha256=${r.updates[0].files[0].sha256}"
                }""".formatted(catalogUrl(), cache()));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("[100%]", b);
        j.assertLogContains("Succeeded: 2 of 2 updates succeeded", b);
        j.assertLogContains("result=Succeeded updates=2 first=" + U1 + " bytes=900000", b);
        j.assertLogContains("file=kb5300001.msu sha256=" + content.sha256().get("kb5300001.msu"), b);
        assertTrue(
                agent.getWorkspaceFor(p)
                        .child("updates/" + U1 + "/kb5300001.msu")
                        .exists(),
                "placed in the agent's workspace");
        j.assertLogNotContains("\u001b", b);
    }

    @Test
    void theBuildPageShowsEachCallWithItsReport() throws Exception {
        WorkflowJob p = pipeline("""
                node('windows-prep') {
                  wuDownload catalog: '%s', cacheDir: '%s'
                  wuDownload catalog: '%s', cacheDir: '%s'
                }""".formatted(catalogUrl(), cache(), catalogUrl(), cache()));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        WindowsUpdatesAction action = b.getAction(WindowsUpdatesAction.class);
        assertEquals(2, action.getCalls().size());
        assertEquals("no", action.getCalls().get(0).getRows().get(0).getFromCache());
        assertEquals("yes", action.getCalls().get(1).getRows().get(0).getFromCache(), "the second call hits the cache");

        JenkinsRule.WebClient wc = j.createWebClient();
        String page = wc.getPage(b, "windows-updates/").asNormalizedText();
        assertTrue(
                page.contains("Plugin Cumulative Update (KB5300001)")
                        && page.contains("KB5300001")
                        && page.contains("S_OK")
                        && page.contains("2 of 2 updates succeeded"),
                page);
        String main = wc.getPage(b).asNormalizedText(); // the summary's own line, not the side panel's link
        assertTrue(main.contains("wuDownload " + catalogUrl() + ": Succeeded, 2 of 2 updates"), main);
        String json = wc.getPage(j.getURL()
                        .toURI()
                        .resolve(b.getUrl() + "windows-updates/reports/1-wuDownload.json")
                        .toURL())
                .getWebResponse()
                .getContentAsString();
        assertTrue(json.contains("\"resultCode\" : \"Succeeded\"") && json.contains(U1), json);

        // the page is part of the build record: it comes back when the build is loaded again
        b.reload();
        assertEquals(2, b.getAction(WindowsUpdatesAction.class).getCalls().size());
    }

    @Test
    void aFailingDigestFailsTheBuildWithAnExactMessage() throws Exception {
        Files.write(content.file("kb5300002.cab"), new byte[300_000]); // same size, wrong bytes
        WorkflowJob p = pipeline(
                "node('windows-prep') { wuDownload catalog: '%s', cacheDir: '%s' }".formatted(catalogUrl(), cache()));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains(
                "wuDownload: 1 of 2 updates failed: Plugin Servicing Stack (KB5300002) (" + U2
                        + "): Failed, WU_E_DM_INCORRECTFILEHASH",
                b);

        WorkflowJob tolerant = pipeline("""
                node('windows-prep') {
                  def r = wuDownload catalog: '%s', cacheDir: '%s', failOnError: false
                  echo "tolerated ${r.resultCode}"
                }""".formatted(catalogUrl(), cache()));
        j.assertLogContains("tolerated SucceededWithErrors", j.buildAndAssertSuccess(tolerant));
    }

    @Test
    void badOptionsFailBeforeAnythingStarts() throws Exception {
        WorkflowJob p = pipeline(
                "node('windows-prep') { wuDownload catalog: '%s', downloadType: 'delta' }".formatted(catalogUrl()));
        WorkflowRun b = j.buildAndAssertStatus(Result.FAILURE, p);
        j.assertLogContains("wuDownload: 'delta' is not a download type; use full or bootstrapper", b);
    }

    @Test
    void abortingTheBuildStopsTheChildWithinSeconds() throws Exception {
        server.throttle(20_000); // about 45 s of content
        WorkflowJob p = pipeline(
                "node('windows-prep') { wuDownload catalog: '%s', cacheDir: '%s' }".formatted(catalogUrl(), cache()));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("Downloading 2 updates", b);
        List<ProcessHandle> children = ProcessHandle.current()
                .descendants()
                .filter(h -> h.info().commandLine().orElse("").contains("wudl-engine"))
                .toList();
        assertFalse(children.isEmpty(), "the engine runs as a child JVM of the agent");

        b.getExecutor().interrupt();
        j.assertBuildStatus(Result.ABORTED, j.waitForCompletion(b));
        for (ProcessHandle h : children) {
            h.onExit().get(15, TimeUnit.SECONDS);
            assertFalse(h.isAlive(), "child gone: " + h.info());
        }
    }

    @Test
    void configRoundTrip() throws Exception {
        WuDownloadStep step = new WuDownloadStep("https://updates.example/catalog.json");
        StepConfigTester t = new StepConfigTester(j);
        j.assertEqualDataBoundBeans(step, t.configRoundTrip(step));
        step.setCriteria("IsInstalled=0 and Type='Software'");
        step.setDownloadType("Bootstrapper");
        step.setOutputDir("updates");
        step.setCacheDir("/var/cache/wudl");
        step.setPriority("HIGH");
        step.setStallTimeout(300);
        step.setTimeout(3600);
        step.setAllowUnverified(true);
        step.setFailOnError(false);
        WuDownloadStep back = t.configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, back);
        assertEquals("bootstrapper", back.getDownloadType(), "setters normalise");
        assertEquals("high", back.getPriority());

        // the offline scan file's options, and the filters whose form fields are text areas of lines
        step.setLanguage("de");
        step.setIncludeSuperseded(true);
        step.setTestOnlyTrustRoot("pki/root.pem");
        step.setKb(List.of("5050000", "KB5049999"));
        step.setProduct(List.of("Windows 10, version 1903 and later", "Windows Server 2022"));
        step.setClassification(List.of("Security Updates"));
        step.setArch(List.of("x64"));
        step.setReleasedSince("2026-11-01");
        back = t.configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, back);
        assertEquals(List.of("Windows 10, version 1903 and later", "Windows Server 2022"), back.getProduct());
    }

    private WorkflowJob pipeline(String script) throws Exception {
        WorkflowJob p = j.jenkins.createProject(
                WorkflowJob.class, "p" + j.jenkins.getItems().size());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    private String catalogUrl() {
        return server.uri("catalog.json").toString();
    }

    private String cache() {
        return tmp.resolve("cache").toString().replace("\\", "/");
    }
}
