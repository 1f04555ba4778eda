package io.jenkins.plugins.wudl;

import hudson.model.Label;
import hudson.model.Result;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** {@code wuScript} on a real agent. Runs where the Jenkins repository is reachable (not in the engine's build). */
@WithJenkins
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WuScriptStepTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        j.createOnlineSlave(Label.get("windows-prep"));
    }

    @Test
    void printsFromAWorkspaceScriptAndReturnsItsExitCode() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("""
                node('windows-prep') {
                  writeFile file: 'ci/hello.js', text: "WScript.Echo('hello ' + WScript.Arguments.Item(0) + ' ' + WScript.Arguments.Count);"
                  def r = wuScript file: 'ci/hello.js', args: ['jenkins', '--edition']
                  echo "exit=${r.exitCode}"
                }""", true));
        WorkflowRun b = j.buildAndAssertSuccess(p);
        j.assertLogContains("hello jenkins 2", b);
        j.assertLogContains("exit=0", b);
    }

    @Test
    void aNonZeroQuitFailsTheStep() throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "q");
        p.setDefinition(new CpsFlowDefinition("""
                node('windows-prep') {
                  writeFile file: 'quit.js', text: 'WScript.Quit(5);'
                  wuScript 'quit.js'
                }""", true));
        j.assertLogContains("wuScript quit.js failed with exit status 5", j.buildAndAssertStatus(Result.FAILURE, p));
    }

    @Test
    void configRoundTrip() throws Exception {
        StepConfigTester t = new StepConfigTester(j);
        WuScriptStep step = new WuScriptStep("ci/prepare-image.js");
        j.assertEqualDataBoundBeans(step, t.configRoundTrip(step));
        step.setCatalog("catalog.json");
        step.setCacheDir("/var/cache/wudl");
        step.setTimeout(600);
        j.assertEqualDataBoundBeans(step, t.configRoundTrip(step));
        // args and allowRead go through the form as one entry per line and come back as the same lists
        step.setArgs(List.of("--edition", "pro edition"));
        step.setAllowRead(List.of("/srv/catalogs", "/mnt/updates"));
        WuScriptStep back = t.configRoundTrip(step);
        j.assertEqualDataBoundBeans(step, back);
        org.junit.jupiter.api.Assertions.assertEquals(List.of("--edition", "pro edition"), back.getArgs());
    }
}
