package io.github.wudl.script;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Runs Windows Script Host style JavaScript against the WUA object model (SPEC §5), on GraalJS.
 *
 * <p>What a script gets: {@code new ActiveXObject(…)} / {@code WScript.CreateObject(…)} for
 * Microsoft.Update.Session, .UpdateColl, .Downloader and .ServiceManager (any other ProgID is
 * CO_E_CLASSSTRING); {@code WScript}; {@code Enumerator}; {@code console}. Member names are case-insensitive,
 * collections answer {@code .Item(i)}, {@code (i)}, {@code [i]}, {@code .Count}, {@code length} and
 * {@code for…of}; enums are WUA's numbers and byte counts JS numbers. WUA failures are JS errors with
 * {@code number} (the HRESULT, signed), {@code description} and a {@code message} naming it.
 *
 * <p>Threading promise: {@link #run} runs the script on a thread of its own, which alone touches the
 * script's values, while the calling thread waits; interrupting the caller stops the run. Download
 * callbacks — a JS function called as {@code fn(job, args)}, or an object with {@code Invoke(job, args)} —
 * are posted by the engine's threads and delivered on that thread, in order,
 * only while the script waits (WScript.Sleep, EndDownload, CleanUp, Download, {@code await}) and after the
 * script body ends, until every job it started has finished. A callback that throws is reported with its
 * script position on the error stream; the download goes on.
 *
 * <p>Sandbox promise: the script reaches nothing but those objects: no Java classes or reflection, no
 * {@code load}/{@code require}, no file, network or process access of its own; the only files and URLs it
 * can have read are the catalogs the user allowed ({@link Builder#catalog}, {@link Builder#allowRead}), and
 * errors about a file the user did not name quote none of its content. A run past its timeout, or whose
 * caller is interrupted, is stopped, even inside an endless loop in a callback or a recursion that catches
 * its own stack overflow (then its thread is given up after half a second). A script that fills the heap ends
 * with an error saying so.
 *
 * <p>Instances are immutable and may run several scripts, one after another or on several threads at once.
 */
public final class ScriptHost {
    private final SessionFactory sessions;
    private final String catalog;
    private final List<Path> allowRead;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StdIn in;
    private final Duration timeout;
    private final Charset codePage;

    private ScriptHost(Builder b) {
        this.sessions = b.sessions;
        this.catalog = b.catalog;
        this.allowRead = List.copyOf(b.allowRead);
        this.out = b.out;
        this.err = b.err;
        this.in = new StdIn(b.in);
        this.timeout = b.timeout;
        this.codePage = b.codePage;
    }

    /** A script file that cannot be run as it is (a .wsf without a job, a VBScript block …): what, and where. */
    public static final class BadScriptFile extends IOException {
        private static final long serialVersionUID = 1L;

        BadScriptFile(String message) {
            super(message);
        }
    }

    /** A host whose scripts open sessions with {@code sessions}. */
    public static Builder builder(SessionFactory sessions) {
        return new Builder(sessions);
    }

    /**
     * Runs the script file with {@code arguments} (WScript.Arguments) and returns how it ended; never throws
     * for anything the script does. The file is named in messages as {@code script} is spelled.
     *
     * @throws IOException when the file cannot be read
     */
    public ScriptOutcome run(Path script, List<String> arguments) throws IOException {
        return run(ScriptSource.read(script, codePage), arguments);
    }

    /** Runs script text, named {@code name} in messages and in WScript.ScriptName. */
    public ScriptOutcome run(String name, String text, List<String> arguments) {
        return run(ScriptSource.of(name, text), arguments);
    }

    private ScriptOutcome run(ScriptSource source, List<String> arguments) {
        return new ScriptRun(sessions, catalog, allowRead, out, err, in, timeout).run(source, arguments);
    }

    /**
     * Creates the shared GraalJS engine now (about half a second the first time in a JVM), so the first
     * script starts faster; optional.
     */
    public static void warmUp() {
        Engines.engine();
    }

    /** Settings of a {@link ScriptHost}; every one has the default its setter documents. */
    public static final class Builder {
        private final SessionFactory sessions;
        private String catalog;
        private final List<Path> allowRead = new ArrayList<>();
        // the platform default charset, the one PrintWriter(OutputStream) picks: made explicit, not changed
        private PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        private PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        private java.io.InputStream in = java.io.InputStream.nullInputStream();
        private Duration timeout;
        private Charset codePage = CodePages.DEFAULT;

        private Builder(SessionFactory sessions) {
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /** The catalog Microsoft.Update.Session searches ({@code --catalog}); default none. */
        public Builder catalog(String location) {
            this.catalog = location;
            return this;
        }

        /**
         * Folders whose files (after resolving links) a script may register with
         * ServiceManager.AddScanPackageService ({@code --allow-read}); default none: only {@link #catalog}.
         */
        public Builder allowRead(Collection<Path> folders) {
            for (Path f : folders) {
                allowRead.add(f.toAbsolutePath());
            }
            return this;
        }

        /** Where WScript.Echo, StdOut and console.log write; default standard output. */
        public Builder out(PrintWriter out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Where StdErr, console.error and the host's own messages go; default standard error. */
        public Builder err(PrintWriter err) {
            this.err = Objects.requireNonNull(err, "err");
            return this;
        }

        /**
         * What WScript.StdIn reads, in the platform's charset as a console's; default nothing (an empty stream).
         * The command line passes its own standard input, so a script can read what is piped into it.
         */
        public Builder in(java.io.InputStream in) {
            this.in = Objects.requireNonNull(in, "in");
            return this;
        }

        /** How long a run may take before it is stopped (exit 3); null (the default) for no limit. */
        public Builder timeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The ANSI code page of script files that are neither UTF-16 with a byte-order mark nor UTF-8 (what
         * cscript takes from the system); default Windows-1252. See {@link CodePages#of}.
         */
        public Builder codePage(Charset codePage) {
            this.codePage = Objects.requireNonNull(codePage, "codePage");
            return this;
        }

        public ScriptHost build() {
            return new ScriptHost(this);
        }
    }
}
