package io.github.wudl.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One step's run on an agent, in the form in which it crosses the Jenkins remoting channel. The controller
 * builds it and sends {@link #toWire()}; the agent calls {@link #runOnAgent}, which runs {@link AgentRunner} and
 * answers {@link AgentResult#toWire()}; the controller reads that with {@link AgentResult#fromWire}.
 *
 * <p>Why JDK types only, both ways: Jenkins' class filter (JEP-200) lets a class cross the channel to the
 * controller only when it is a JDK type or comes from a plugin's own jar, and the engine's classes come from a
 * library jar bundled in the plugin. So nothing of the engine crosses: not the options, not the result, not an
 * exception (see {@link #jdkOnly}). The plugin's callable holds this map and a remote output stream, nothing
 * else. Immutable.
 */
public final class AgentRequest {
    private final StepOptions options;
    private final String engineJar;
    private final String classPath;
    private final String tempDir;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final List<String> secrets;

    private AgentRequest(Builder b) {
        options = Objects.requireNonNull(b.options, "options");
        engineJar = b.engineJar;
        classPath = b.classPath;
        tempDir = b.tempDir;
        systemProperties = Map.copyOf(b.systemProperties);
        environment = Map.copyOf(b.environment);
        secrets = List.copyOf(b.secrets);
    }

    public static Builder builder(StepOptions options) {
        return new Builder(options);
    }

    public StepOptions options() {
        return options;
    }

    /** As JDK types only: {@link HashMap}, {@link ArrayList}, {@link String}, {@link Integer}, {@link Boolean}. */
    // a HashMap, not a Map, on purpose: the wire form must be Serializable, and the Jenkins plugin keeps and
    // sends it as one (a field of program.dat, a remoting callable's value)
    @SuppressWarnings("NonApiType")
    public HashMap<String, Object> toWire() {
        HashMap<String, Object> m = new HashMap<>();
        m.put("options", options.toWire());
        put(m, "engineJar", engineJar);
        put(m, "classPath", classPath);
        put(m, "tempDir", tempDir);
        m.put("systemProperties", new HashMap<>(systemProperties));
        m.put("environment", new HashMap<>(environment));
        m.put("secrets", new ArrayList<>(secrets));
        return m;
    }

    /**
     * The request that {@link #toWire()} gave.
     *
     * @throws IllegalArgumentException naming the key that is not what {@link #toWire()} writes
     */
    public static AgentRequest fromWire(Map<String, ?> wire) {
        return builder(StepOptions.fromWire(map(wire, "options", Object.class)))
                .engineJar(string(wire, "engineJar"))
                .classPath(string(wire, "classPath"))
                .tempDir(string(wire, "tempDir"))
                .systemProperties(map(wire, "systemProperties", String.class))
                .environment(map(wire, "environment", String.class))
                .secrets(strings(wire, "secrets"))
                .build();
    }

    /**
     * Runs on the agent: the child JVM in {@code workspace}, its lines to {@code log}, and the answer as
     * {@link AgentResult#toWire()}. Whatever goes wrong leaves as a JDK exception ({@link #jdkOnly}).
     */
    // a HashMap, not a Map, on purpose: the wire form must be Serializable, and the Jenkins plugin keeps and
    // sends it as one (a field of program.dat, a remoting callable's value)
    @SuppressWarnings("NonApiType")
    public static HashMap<String, Object> runOnAgent(Map<String, ?> wire, Path workspace, PrintStream log)
            throws IOException, InterruptedException {
        try {
            return fromWire(wire).runner(workspace, log).run().toWire();
        } catch (InterruptedException e) {
            throw e;
        } catch (Throwable t) { // a deliberately wide net: anything uncaught here crosses the channel
            Exception e = jdkOnly(t);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw (IOException) e;
        }
    }

    /** The runner this request describes, in {@code workspace}, writing to {@code log}. */
    AgentRunner runner(Path workspace, PrintStream log) {
        AgentRunner.Builder b = AgentRunner.builder(options)
                .systemProperties(systemProperties)
                .environment(environment)
                .secrets(secrets)
                .workDir(workspace)
                .log(log);
        if (engineJar != null) {
            b.engineJar(Path.of(engineJar));
        }
        if (classPath != null) {
            b.classPath(classPath);
        }
        if (tempDir != null) {
            b.tempDir(Path.of(tempDir));
        }
        return b.build();
    }

    /**
     * {@code t} when it, its causes and its suppressed exceptions are all JDK classes (and it is an
     * {@link IOException} or unchecked); otherwise an {@link IOException} that says the same in its message
     * (each class name and message) and keeps {@code t}'s stack trace, with no cause attached.
     */
    static Exception jdkOnly(Throwable t) {
        if (allJdk(t, new IdentityHashMap<>()) && (t instanceof IOException || t instanceof RuntimeException)) {
            return (Exception) t;
        }
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ")
                    .append(c.getClass().getName());
            if (c.getMessage() != null) {
                text.append(": ").append(c.getMessage());
            }
        }
        IOException e = new IOException(text.toString());
        e.setStackTrace(t.getStackTrace());
        return e;
    }

    private static boolean allJdk(Throwable t, IdentityHashMap<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return true;
        }
        if (!isJdkClass(t.getClass())) {
            return false;
        }
        for (Throwable s : t.getSuppressed()) {
            if (!allJdk(s, seen)) {
                return false;
            }
        }
        return allJdk(t.getCause(), seen);
    }

    /** A class of the JDK's own modules, which every Jenkins class filter admits. */
    static boolean isJdkClass(Class<?> c) {
        String n = c.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
    }

    private static void put(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String string(Map<String, ?> wire, String key) {
        Object v = wire.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("agent request: '" + key + "' is not a string");
        }
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> map(Map<String, ?> wire, String key, Class<V> values) {
        Object v = wire.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)
                || !m.values().stream().allMatch(values::isInstance)
                || !m.keySet().stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException(
                    "agent request: '" + key + "' is not a map of " + values.getSimpleName());
        }
        return (Map<String, V>) m;
    }

    private static List<String> strings(Map<String, ?> wire, String key) {
        Object v = wire.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l) || !l.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("agent request: '" + key + "' is not a list of strings");
        }
        @SuppressWarnings("unchecked")
        List<String> s = (List<String>) l;
        return s;
    }

    /** Configures an {@link AgentRequest}; give the engine as a jar (on agents) or a class path (tests). */
    public static final class Builder {
        private final StepOptions options;
        private String engineJar;
        private String classPath;
        private String tempDir;
        private Map<String, String> systemProperties = Map.of();
        private Map<String, String> environment = Map.of();
        private List<String> secrets = List.of();

        private Builder(StepOptions options) {
            this.options = options;
        }

        /** The engine jar's path on the agent. */
        public Builder engineJar(String v) {
            engineJar = v;
            return this;
        }
        /** A class path holding the engine, instead of a jar. */
        public Builder classPath(String v) {
            classPath = v;
            return this;
        }
        /** A folder on the agent for the report and argument file (Jenkins' workspace temp folder). */
        public Builder tempDir(String v) {
            tempDir = v;
            return this;
        }
        /** See {@link AgentRunner.Builder#systemProperties}. */
        public Builder systemProperties(Map<String, String> v) {
            systemProperties = Map.copyOf(v);
            return this;
        }
        /** See {@link AgentRunner.Builder#environment}. */
        public Builder environment(Map<String, String> v) {
            environment = Map.copyOf(v);
            return this;
        }
        /** See {@link AgentRunner.Builder#secrets}. */
        public Builder secrets(List<String> v) {
            secrets = List.copyOf(v);
            return this;
        }

        public AgentRequest build() {
            return new AgentRequest(this);
        }
    }
}
