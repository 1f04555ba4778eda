package io.jenkins.plugins.wudl;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.model.listeners.ItemListener;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import io.github.wudl.agent.StepOptions;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The one execution of both steps, on the controller. {@link #start} runs {@link AgentCall} on a pool thread
 * (the CPS VM thread never waits for a download) and returns at once; {@link #stop} interrupts that thread,
 * which interrupts the agent's, whose runner stops the engine child (SIGTERM, then a kill).
 *
 * <p><b>A controller restart.</b> The step does not block a restart ({@link #blocksRestart}). When the
 * controller stops, remoting closes the agent's channel and cancels the running call there, so the runner stops
 * the child and the partial files stay in the cache; this thread sees the channel close while Jenkins is
 * terminating and completes nothing. After the restart, {@link #onResume} starts the same step again on the
 * same agent and workspace, once the agent is back: the cache resumes every part file, so no byte that reached
 * the disk is fetched again, and the report that the step returns is the new run's. The log says so. A
 * {@code wuScript} is run again from its start the same way, on the agent: its sandbox gives it no effects but
 * downloads into the cache and output, so a second run repeats nothing but its output. JavaScript never runs
 * on the controller.
 *
 * <p>Why start again rather than re-attach to the child as {@code sh} does through durable-task: the child
 * is gone (remoting interrupts the call and the runner stops it), and keeping it alive would mean a detached
 * process writing its log and report to files on the agent, to be polled after the restart; the cache
 * already makes a second run cheap, which makes the simple way the robust one.
 *
 * <p>What {@code program.dat} keeps: the options as {@link StepOptions#toWire()} (JDK types only, which
 * Jenkins' class filter admits), the credentials ID, and where the step ran.
 */
final class WuStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(WuStepExecution.class.getName());
    private static ExecutorService pool;

    private final HashMap<String, Object> options;
    private final String proxyCredentialsId;
    /** The node the step first ran on ("" for the built-in node) and its workspace, for {@link #onResume}. */
    private String node;

    private String workspace;

    private transient volatile Future<?> task;
    private transient volatile Throwable stopCause;
    private transient volatile String threadName;

    WuStepExecution(StepContext context, StepOptions options, String proxyCredentialsId) {
        super(context);
        this.options = options.toWire();
        this.proxyCredentialsId = proxyCredentialsId;
    }

    @Override
    public boolean start() throws Exception {
        FilePath ws = getContext().get(FilePath.class);
        if (ws == null) {
            throw new AbortException(AgentCall.stepName(options()) + ": " + Messages.WuStepExecution_NoNode());
        }
        node = AgentCall.nodeName(ws);
        workspace = ws.getRemote();
        launch(ws);
        return false;
    }

    @Override
    public void onResume() {
        launch(null);
    }

    private StepOptions options() {
        return StepOptions.fromWire(options);
    }

    /** Runs the step on a pool thread; {@code ws} null means "after a restart: find the workspace again". */
    private void launch(FilePath ws) {
        task = pool().submit(() -> {
            threadName = Thread.currentThread().getName();
            StepOptions o = options();
            try {
                FilePath where = ws;
                if (where == null) {
                    TaskListener listener = getContext().get(TaskListener.class);
                    listener.getLogger()
                            .println(Messages.WuStepExecution_Resumed(AgentCall.stepName(o), displayNode()));
                    where = awaitWorkspace(listener);
                }
                getContext().onSuccess(AgentCall.run(getContext(), where, o, proxyCredentialsId));
            } catch (Throwable x) {
                if (stopCause != null) {
                    // stop() already reported the cause; what the interrupted thread saw is for the system log
                    LOGGER.log(Level.FINE, "wudl step ended after stop", x);
                } else if (terminating()) {
                    // the channel closed because the controller is stopping: the step goes on after the restart
                    note(Messages.WuStepExecution_Suspended(AgentCall.stepName(o)));
                } else {
                    getContext().onFailure(x);
                }
            }
        });
    }

    /** The workspace once its agent is connected again; waits for it (an abort interrupts the wait). */
    private FilePath awaitWorkspace(TaskListener listener) throws Exception {
        boolean said = false;
        while (true) {
            Jenkins j = Jenkins.get();
            Node n = node.isEmpty() ? j : j.getNode(node);
            if (n == null) {
                throw new AbortException(Messages.WuStepExecution_NodeGone(displayNode()));
            }
            FilePath f = n.createPath(workspace);
            if (f != null) {
                return f;
            }
            Computer c = n.toComputer();
            if (c == null) {
                throw new AbortException(Messages.WuStepExecution_NodeGone(displayNode()));
            }
            if (!said) {
                listener.getLogger().println(Messages.WuStepExecution_Waiting(displayNode()));
                said = true;
            }
            c.waitUntilOnline();
        }
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        Future<?> t = task;
        if (t != null) {
            stopCause = cause;
            t.cancel(true);
        }
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        String t = threadName;
        return AgentCall.stepName(options()) + " on " + displayNode()
                + (t == null ? ", not yet scheduled" : ", running in thread " + t);
    }

    /** A restart need not wait for a download: {@link #onResume} starts it again and the cache resumes it. */
    @Override
    public boolean blocksRestart() {
        return false;
    }

    private String displayNode() {
        return node == null || node.isEmpty() ? "the built-in node" : node;
    }

    private void note(String line) {
        try {
            getContext().get(TaskListener.class).getLogger().println(line);
        } catch (Exception | LinkageError e) {
            // the log may already be closed for the shutdown; the line is a courtesy
        }
    }

    private static boolean terminating() {
        Jenkins j = Jenkins.getInstanceOrNull();
        return j == null || j.isTerminating() || ExtensionList.lookupSingleton(ShutdownWatch.class).shuttingDown;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newCachedThreadPool(new NamingThreadFactory(
                    new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()), "wudl step"));
        }
        return pool;
    }

    /**
     * Notes that the controller is shutting down. {@code Jenkins.isTerminating()} is set only after the
     * terminators run, which may already close agent channels; this listener hears of it first.
     */
    @Extension
    public static final class ShutdownWatch extends ItemListener {
        volatile boolean shuttingDown;

        @Override
        public void onBeforeShutdown() {
            shuttingDown = true;
        }
    }
}
