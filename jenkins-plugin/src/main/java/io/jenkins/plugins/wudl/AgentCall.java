package io.jenkins.plugins.wudl;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.ProxyConfiguration;
import hudson.Util;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.RemoteOutputStream;
import hudson.remoting.VirtualChannel;
import hudson.remoting.Which;
import hudson.slaves.WorkspaceList;
import io.github.wudl.agent.AgentRequest;
import io.github.wudl.agent.AgentResult;
import io.github.wudl.agent.EngineBundle;
import io.github.wudl.agent.Outcome;
import io.github.wudl.agent.ProxyProperties;
import io.github.wudl.agent.StepOptions;
import io.github.wudl.cli.Main;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jenkins.MasterToSlaveFileCallable;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What the steps' execution does, on the controller: install the engine on the agent (once per engine version),
 * gather the proxy and its credentials, send an {@link AgentRequest} to the agent, where {@link OnAgent} runs
 * it in the workspace with the build log as its output, read the {@link AgentResult} that comes back, and
 * record it on the build's {@link WindowsUpdatesAction}. All behaviour beyond that plumbing lives in the
 * engine's {@code io.github.wudl.agent} package, where it is tested.
 *
 * <p>What crosses the remoting channel: to the agent, {@link OnAgent} (this plugin's class) holding the
 * request's {@link AgentRequest#toWire() wire form} (JDK maps, lists and strings) and a
 * {@link RemoteOutputStream}; back, the result's {@link AgentResult#toWire() wire form} (JDK types) or a JDK
 * exception. No engine class crosses, so Jenkins' class filter (JEP-200) has nothing to refuse; the engine's
 * {@code AgentChannelTest} reads both directions back through a filter that admits only {@code java.*}.
 *
 * <p>Why a {@link MasterToSlaveFileCallable} rather than starting the child through the {@code Launcher}: the
 * runner (command line, the agent's own Java and its JDK 24+ flags, masking, reading the report, SIGTERM then kill
 * on abort) is then the engine's tested code, running where the child runs; through the {@code Launcher} the
 * plugin would rebuild the stream, report and abort handling itself, untested. Stopping the step interrupts the
 * controller thread in {@code FilePath.act}; remoting then interrupts the agent thread, and the runner stops the
 * child.
 */
final class AgentCall {
    /** The engine's files, found and digested once per controller (digesting GraalJS's jars takes a moment). */
    private static volatile EngineBundle bundle;

    private AgentCall() {}

    /**
     * Runs the step in {@code workspace} (on its agent) and returns what the step returns; records the call on
     * the build page whether it succeeded or not.
     */
    static Map<String, Object> run(
            StepContext context, FilePath workspace, StepOptions options, String proxyCredentialsId) throws Exception {
        List<String> problems = options.problems();
        if (!problems.isEmpty()) {
            throw new AbortException(stepName(options) + ": " + String.join("; ", problems));
        }
        TaskListener listener = context.get(TaskListener.class);
        EnvVars env = context.get(EnvVars.class);
        Run<?, ?> run = context.get(Run.class);
        workspace.mkdirs();
        FilePath engineJar = install(workspace, listener);
        FilePath temp = WorkspaceList.tempDir(workspace);
        if (temp == null) {
            throw new AbortException(Messages.AgentCall_NoTempDir(workspace.getRemote()));
        }
        temp.mkdirs();

        List<String> secrets = new ArrayList<>();
        Map<String, String> proxy = proxy(run, proxyCredentialsId, secrets);
        AgentRequest request = AgentRequest.builder(options)
                .engineJar(engineJar.getRemote())
                .tempDir(temp.getRemote())
                .systemProperties(proxy)
                .environment(new HashMap<>(env))
                .secrets(secrets)
                .build();
        OnAgent call = new OnAgent(request.toWire(), new RemoteOutputStream(listener.getLogger()));
        AgentResult result = AgentResult.fromWire(workspace.act(call));
        WindowsUpdatesAction.record(run, options, result, nodeName(workspace), listener);
        String failure = result.failure(options);
        if (failure != null) {
            throw new AbortException(failure);
        }
        if (result.outcome() == Outcome.FAILED) {
            listener.getLogger()
                    .println(Messages.AgentCall_Tolerated(result.toMap().get("resultCode")));
        }
        return result.toMap();
    }

    static String stepName(StepOptions options) {
        return options.kind() == StepOptions.Kind.DOWNLOAD ? "wuDownload" : "wuScript";
    }

    /**
     * Copies the engine's jars to {@code <agent root>/wudl-engine/<digest>/} unless that folder exists. The copy
     * goes to a fresh folder first and is renamed into place, so a concurrent build never sees half an engine.
     */
    private static FilePath install(FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        EngineBundle b = bundle();
        Computer computer = workspace.toComputer();
        Node node = computer == null ? null : computer.getNode();
        FilePath root = node == null ? null : node.getRootPath();
        if (root == null) {
            throw new AbortException(Messages.AgentCall_AgentOffline(workspace.getRemote()));
        }
        FilePath engines = root.child("wudl-engine");
        FilePath dir = engines.child(b.digest());
        if (dir.child("wudl.jar").exists()) {
            return dir.child("wudl.jar");
        }
        listener.getLogger().println(Messages.AgentCall_Installing(dir.getRemote()));
        if (!b.missing().isEmpty()) {
            listener.getLogger().println(Messages.AgentCall_MissingLibraries(String.join(", ", b.missing())));
        }
        FilePath partial = engines.child(b.digest() + ".partial-" + UUID.randomUUID());
        partial.child("lib").mkdirs();
        for (EngineBundle.Entry e : b.entries()) {
            partial.child(e.name()).copyFrom(new FilePath(e.source().toFile()));
        }
        try {
            partial.renameTo(dir);
        } catch (IOException raced) {
            if (!dir.child("wudl.jar").exists()) {
                throw raced;
            }
            partial.deleteRecursive(); // another build installed the same engine first
        }
        return dir.child("wudl.jar");
    }

    private static EngineBundle bundle() throws IOException {
        EngineBundle b = bundle;
        if (b == null) {
            File engine = Which.jarFile(Main.class);
            // libraries Jenkins core already provides (JNA, say) are not in the plugin: take core's copies
            File coreLib = Which.jarFile(Jenkins.class).getParentFile();
            b = EngineBundle.forJar(engine.toPath(), List.of(coreLib.toPath()));
            bundle = b;
        }
        return b;
    }

    /** Jenkins' proxy as JVM properties; the password (from the credentials when given) becomes a secret. */
    private static Map<String, String> proxy(Run<?, ?> run, String credentialsId, List<String> secrets)
            throws AbortException {
        ProxyConfiguration pc = Jenkins.get().getProxy();
        String user = pc == null ? null : pc.getUserName();
        String password = pc == null || pc.getSecretPassword() == null
                ? null
                : pc.getSecretPassword().getPlainText();
        if (Util.fixEmptyAndTrim(credentialsId) != null) {
            StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById(
                    credentialsId, StandardUsernamePasswordCredentials.class, run, List.of());
            if (c == null) {
                throw new AbortException(Messages.AgentCall_NoCredentials(credentialsId));
            }
            CredentialsProvider.track(run, c);
            // a snapshot of the values: only these two strings travel to the agent
            user = c.getUsername();
            password = c.getPassword().getPlainText();
        }
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        return pc == null
                ? Map.of()
                : ProxyProperties.of(pc.getName(), pc.getPort(), pc.getNoProxyHost(), user, password);
    }

    /** The name of the workspace's node, "" for the built-in node. */
    static String nodeName(FilePath workspace) {
        Computer computer = workspace.toComputer();
        return computer == null ? "" : computer.getName();
    }

    /**
     * Runs on the agent: the engine as a child JVM in the workspace, its lines to the build log. Holds and
     * returns JDK types only (see the class comment).
     */
    private static final class OnAgent extends MasterToSlaveFileCallable<HashMap<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final HashMap<String, Object> request;
        /** Serializable: remoting exports it, and its writes reach the build log on the controller. */
        private final RemoteOutputStream log;

        OnAgent(HashMap<String, Object> request, RemoteOutputStream log) {
            this.request = request;
            this.log = log;
        }

        @Override
        public HashMap<String, Object> invoke(File workspace, VirtualChannel channel)
                throws IOException, InterruptedException {
            // not closed: closing it would close the build log on the controller
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            try {
                return AgentRequest.runOnAgent(request, workspace.toPath(), out);
            } finally {
                out.flush();
            }
        }
    }
}
