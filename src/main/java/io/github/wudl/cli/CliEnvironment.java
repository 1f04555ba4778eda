package io.github.wudl.cli;

import io.github.wudl.portable.PortableBackend;
import java.util.Map;
import java.util.Objects;

/**
 * What the commands take from the world outside their arguments: how to open a session, whether they run
 * as the process's own command line (then they may probe the terminal and catch Ctrl-C/SIGTERM), and the
 * environment variables they read ({@code WUDL_PROGRESS}, {@code TERM}, {@code WUDL_DEBUG}).
 *
 * @param sessionOpener opens sessions over catalogs
 * @param ownProcess    true only for {@link Main#main}: the streams are the process's own, and signals
 *                      belong to this command
 * @param env           environment variables
 */
public record CliEnvironment(SessionOpener sessionOpener, boolean ownProcess, Map<String, String> env) {
    public CliEnvironment {
        Objects.requireNonNull(sessionOpener, "sessionOpener");
        env = Map.copyOf(env);
    }

    /** The real thing: the portable backend, the process's terminal and signals, {@code System.getenv()}. */
    public static CliEnvironment system() {
        return new CliEnvironment(PortableBackend::openSession, true, System.getenv());
    }

    /** Embedded use (tests, other hosts): no terminal probing, no signal hooks, an empty environment. */
    public static CliEnvironment embedded(SessionOpener opener) {
        return new CliEnvironment(opener, false, Map.of());
    }

    /** True when {@code WUDL_DEBUG} asks for stack traces of unexpected errors. */
    public boolean debug() {
        String v = env.get("WUDL_DEBUG");
        return v != null && !v.isBlank() && !v.equals("0");
    }
}
