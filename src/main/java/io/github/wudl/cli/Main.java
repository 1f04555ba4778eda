package io.github.wudl.cli;

import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;

/**
 * The {@code wudl} command line (SPEC §4): {@code search}, {@code download}, {@code run}, {@code demo}.
 *
 * <p>Every failure ends in one line on stderr and an exit status: 2 for bad usage or bad input (picocli's
 * own errors, {@link UsageError}, a {@link WuaException} from opening or validating), 1 for an unexpected
 * internal error (with its stack trace only under {@code WUDL_DEBUG=1}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // the platform default charset, the one PrintWriter(OutputStream) picks: made explicit, not changed
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        // only here, where wudl owns the process: an embedder keeps its own Authenticator
        ProxyAuthenticator.installFromSystemProperties();
        int status;
        try {
            status = run(CliEnvironment.system(), out, err, args);
        } catch (OutOfMemoryError e) {
            // what filled the heap is unreachable once the stack has unwound to here: there is room to say so
            err.println("wudl: out of memory: the Java heap is limited to "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB; give wudl more with WUDL_JAVA_OPTS=-Xmx1g"
                    + " (scripts/wudl) or java -Xmx1g -jar wudl.jar");
            status = ExitCode.FAILED;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    /** Runs one command line in {@code env} and returns its exit status (never calls System.exit). */
    public static int run(CliEnvironment env, PrintWriter out, PrintWriter err, String... args) {
        String first = args.length > 0 ? args[0] : "";
        Class<?> only = SUBCOMMANDS.get(first);
        return commandLine(env, out, err, only == null ? SUBCOMMANDS.values() : List.of(only))
                .execute(args);
    }

    /** The configured picocli command line with every subcommand, for embedders and tests. */
    public static CommandLine commandLine(CliEnvironment env, PrintWriter out, PrintWriter err) {
        return commandLine(env, out, err, SUBCOMMANDS.values());
    }

    /**
     * The subcommands by name. {@link #run} gives picocli only the one named first on the command line (all
     * of them for anything else: help, a typo that deserves suggestions): picocli reads every option of every
     * command it is given by reflection, which cost a cold run about 0.15 s for all five.
     */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("search", SearchCommand.class);
        m.put("download", DownloadCommand.class);
        m.put("run", RunCommand.class);
        m.put("bundle", BundleCommand.class);
        m.put("lock", LockCommand.class);
        m.put("hide", VisibilityCommand.Hide.class);
        m.put("unhide", VisibilityCommand.Unhide.class);
        m.put("demo", DemoCommand.class);
        m.put("cds-training", CdsTrainingCommand.class);
        return Collections.unmodifiableMap(m);
    }

    private static CommandLine commandLine(
            CliEnvironment env, PrintWriter out, PrintWriter err, Collection<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new WudlCommand(env));
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(usageErrors());
        cl.setExecutionExceptionHandler(executionErrors(env));
        // a script's own options (--edition pro) belong to the script, not to wudl
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true);
        }
        return cl;
    }

    private static IParameterExceptionHandler usageErrors() {
        return (ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            c.getErr().println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
            c.getErr().flush();
            return ExitCode.USAGE;
        };
    }

    private static IExecutionExceptionHandler executionErrors(CliEnvironment env) {
        return (ex, c, parseResult) -> {
            String name = c.getCommandSpec().qualifiedName();
            PrintWriter err = c.getErr();
            int status;
            if (ex instanceof UsageError || ex instanceof WuaException) {
                err.println(name + ": " + oneLine(ex.getMessage()));
                status = ExitCode.USAGE;
            } else {
                err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                        + (env.debug() ? "" : " (set WUDL_DEBUG=1 for details)"));
                if (env.debug()) {
                    ex.printStackTrace(err);
                }
                status = ExitCode.FAILED;
            }
            err.flush();
            return status;
        };
    }

    /** Messages that span lines (nested causes, catalog excerpts) would break "one line on stderr". */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
