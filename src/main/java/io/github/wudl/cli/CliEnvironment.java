package io.github.wudl.cli;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.portable.PortableBackend;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from the world outside their arguments: the backend for catalogs, whether they run
 * as the process's own command line (then they may probe the terminal and catch Ctrl-C/SIGTERM), and the
 * environment. The commands read variables only from {@link #env} (the process's own only for
 * {@link #system()}): their own ({@code WUDL_PROGRESS}, {@code TERM}, {@code WUDL_DEBUG},
 * {@code WUDL_TRUSTSTORE_PASSWORD}) and, through {@link #settings}, the session's.
 *
 * @param catalogBackend opens sessions over catalogs: the portable backend, or a fake in tests
 * @param ownProcess    true only for {@link Main#main}: the streams are the process's own, and signals
 *                      belong to this command
 * @param env           environment variables
 */
public record CliEnvironment(Backend catalogBackend, boolean ownProcess, Map<String, String> env) {
    public CliEnvironment {
        Objects.requireNonNull(catalogBackend, "catalogBackend");
        env = Map.copyOf(env);
    }

    /** The real thing: the portable backend, the process's terminal and signals, {@code System.getenv()}. */
    public static CliEnvironment system() {
        return new CliEnvironment(PortableBackend.INSTANCE, true, System.getenv());
    }

    /** Embedded use (tests, other hosts): no terminal probing, no signal hooks, an empty environment. */
    public static CliEnvironment embedded(Backend catalogBackend) {
        return new CliEnvironment(catalogBackend, false, Map.of());
    }

    /**
     * The session settings this environment gives ({@link SessionSettings#fromEnvironment}); a notice about
     * a variable (a capped {@code WUDL_PARALLEL}) goes to {@code err} as a {@code wudl:} line.
     */
    SessionSettings settings(PrintWriter err) {
        return SessionSettings.fromEnvironment(env, line -> {
            err.println("wudl: " + line);
            err.flush();
        });
    }

    /** True when {@code WUDL_DEBUG} asks for stack traces of unexpected errors. */
    public boolean debug() {
        String v = env.get("WUDL_DEBUG");
        return v != null && !v.isBlank() && !v.equals("0");
    }
}
