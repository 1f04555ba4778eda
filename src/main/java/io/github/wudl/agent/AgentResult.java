package io.github.wudl.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of one child run: its exit status, the {@link Outcome}, and what the step returns to the pipeline
 * ({@link #toMap()}). Immutable. Not {@link java.io.Serializable}: it is built on the agent and crosses the
 * remoting channel as {@link #toWire()}, JDK types only, since Jenkins' class filter (JEP-200) refuses a class
 * of a library jar coming back from an agent.
 */
public final class AgentResult {
    private final StepOptions.Kind kind;
    private final int exitCode;
    private final Outcome outcome;
    private final LinkedHashMap<String, Object> report;

    AgentResult(StepOptions.Kind kind, int exitCode, Outcome outcome, Map<String, Object> report) {
        this.kind = kind;
        this.exitCode = exitCode;
        this.outcome = outcome;
        this.report = report == null ? null : new LinkedHashMap<>(report);
    }

    public int exitCode() {
        return exitCode;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The {@code --report} of a download (SPEC §4), or null (a script, or a download that never began). */
    public Map<String, Object> report() {
        return report == null ? null : copy(report);
    }

    /**
     * What the step returns: for {@code wuDownload} the report (an empty-handed one, {@code resultCode} and
     * {@code updates} only, when the child wrote none); for {@code wuScript} {@code {exitCode: N}}. A fresh
     * mutable copy each time, as pipelines like to add to what they get.
     */
    public Map<String, Object> toMap() {
        if (kind == StepOptions.Kind.SCRIPT) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("exitCode", exitCode);
            return m;
        }
        if (report != null) {
            return copy(report);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resultCode", outcome == Outcome.ABORTED ? "Aborted" : "Failed");
        m.put("updates", new ArrayList<>());
        return m;
    }

    /**
     * Why the step fails, in one sentence for the build log, or null when it succeeds. A download whose
     * updates failed fails only when {@code failOnError}; its message names each failed update and its
     * HRESULT name.
     */
    public String failure(StepOptions options) {
        String step = kind == StepOptions.Kind.SCRIPT ? "wuScript " + options.file() : "wuDownload";
        switch (outcome) {
            case SUCCEEDED:
                return null;
            case ABORTED:
                return step + " was aborted; partial downloads stay in the cache and resume on the next run";
            case BAD_INPUT:
                return step + ": bad input (see the wudl message above)";
            default:
                if (kind == StepOptions.Kind.SCRIPT) {
                    return step + " failed with exit status " + exitCode;
                }
                return options.failOnError() ? failedUpdates() : null;
        }
    }

    private String failedUpdates() {
        List<String> failed = new ArrayList<>();
        int total = 0;
        if (report != null && report.get("updates") instanceof List<?> updates) {
            total = updates.size();
            for (Object o : updates) {
                if (o instanceof Map<?, ?> u && !"Succeeded".equals(u.get("resultCode"))) {
                    failed.add(u.get("title") + " (" + u.get("id") + "): " + u.get("resultCode") + ", "
                            + u.get("hresultName"));
                }
            }
        }
        if (failed.isEmpty()) {
            return "wuDownload failed with exit status " + exitCode + " (see the summary above)";
        }
        return "wuDownload: " + failed.size() + " of " + total + " updates failed: " + String.join("; ", failed);
    }

    /**
     * This result as JDK types only, for the channel back to the controller: a {@link HashMap} with
     * {@code kind}, {@code exitCode}, {@code outcome} and, when there is one, {@code report} (as {@link #copy}
     * leaves it). {@link #fromWire} reads it back.
     */
    // a HashMap, not a Map, on purpose: the wire form must be Serializable, and the Jenkins plugin keeps and
    // sends it as one (a field of program.dat, a remoting callable's value)
    @SuppressWarnings("NonApiType")
    public HashMap<String, Object> toWire() {
        HashMap<String, Object> m = new HashMap<>();
        m.put("kind", kind.name());
        m.put("exitCode", exitCode);
        m.put("outcome", outcome.name());
        if (report != null) {
            m.put("report", copy(report));
        }
        return m;
    }

    /**
     * The result that {@link #toWire()} gave.
     *
     * @throws IllegalArgumentException when {@code wire} is not such a map
     */
    public static AgentResult fromWire(Map<String, ?> wire) {
        try {
            Object report = wire.get("report");
            if (report != null && !(report instanceof Map)) {
                throw new IllegalArgumentException(
                        "'report' is a " + report.getClass().getName());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) report;
            return new AgentResult(
                    StepOptions.Kind.valueOf(String.valueOf(wire.get("kind"))),
                    ((Number) wire.get("exitCode")).intValue(),
                    Outcome.valueOf(String.valueOf(wire.get("outcome"))),
                    r == null ? null : copy(r));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not the wire form of an agent result: " + wire.keySet() + " (" + e.getMessage() + ")");
        }
    }

    /**
     * A deep copy holding only {@link LinkedHashMap}, {@link ArrayList}, {@link String}, {@link Integer},
     * {@link Long}, {@link Boolean} and null: whatever JSON parsing produced, nothing else reaches a pipeline.
     */
    @SuppressWarnings("unchecked")
    static <T> T copy(T value) {
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), copy(v)));
            return (T) m;
        }
        if (value instanceof List<?> list) {
            ArrayList<Object> l = new ArrayList<>();
            list.forEach(v -> l.add(copy(v)));
            return (T) l;
        }
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        if (value instanceof Number n) {
            // a BigInteger or a double from a hand-written report: keep the number, in a type CPS knows
            return (T) (n.doubleValue() == n.longValue() ? (Object) n.longValue() : (Object) n.doubleValue());
        }
        return (T) String.valueOf(value);
    }
}
