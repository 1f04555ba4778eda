package io.github.wudl.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real Squid (from apt) as a forward caching proxy with a disk cache on 127.0.0.1, started in the foreground
 * by the test and stopped by {@link #close}; its config, cache, logs and pid stay under the test's folder. Run
 * as root, Squid works as the user {@code proxy}: the folder is handed to it and the folders above it made
 * traversable. {@link #available()} says whether Squid is installed (.ci/run installs it).
 */
public final class Squid implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/squid");

    private final Process process;
    private final int port;
    private final Path work;

    private Squid(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    public static Squid start(Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String conf = String.join(
                "\n",
                "http_port 127.0.0.1:" + port,
                "pid_filename " + work.resolve("squid.pid"),
                "cache_effective_user proxy",
                "cache_dir ufs " + work.resolve("cache") + " 200 16 64",
                "maximum_object_size 128 MB",
                "cache_mem 8 MB",
                "access_log " + work.resolve("access.log") + " squid",
                "cache_log " + work.resolve("cache.log"),
                "cache_store_log none",
                "coredump_dir " + work,
                "netdb_filename none",
                "http_access allow localhost",
                "http_access deny all",
                // what a fleet's proxy is for: one fetch from the origin for many agents asking at once
                "collapsed_forwarding on",
                "refresh_pattern . 0 20% 4320",
                "shutdown_lifetime 1 seconds",
                "");
        Path confFile = Files.writeString(work.resolve("squid.conf"), conf);
        handToProxyUser(work);
        Process init = new ProcessBuilder(BINARY.toString(), "-N", "-z", "-f", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("init.log").toFile())
                .start();
        if (!init.waitFor(60, TimeUnit.SECONDS) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new IOException("squid -z failed: " + Files.readString(work.resolve("init.log")));
        }
        Process p = new ProcessBuilder(BINARY.toString(), "-N", "-f", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("stdout.log").toFile())
                .start();
        Squid squid = new Squid(p, port, work);
        squid.awaitListening(Duration.ofSeconds(30));
        return squid;
    }

    private static void handToProxyUser(Path work) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return; // Squid then runs as this user, who owns the folder already
        }
        UserPrincipal proxy =
                work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("proxy");
        try (var s = Files.walk(work)) {
            for (Path p : s.toList()) {
                Files.setOwner(p, proxy);
            }
        }
        for (Path up = work.getParent(); up != null; up = up.getParent()) {
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(up));
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(up, perms); // traversable, not readable: the test's folder only
            }
        }
    }

    public int port() {
        return port;
    }

    /** The access log's lines so far (Squid's native format: result codes such as TCP_HIT/200). */
    public List<String> accessLog() throws IOException {
        Path log = work.resolve("access.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("squid ended at start (exit " + process.exitValue() + "): "
                        + Files.readString(work.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                // a bounded poll for the port: Squid has no other way to say it is ready
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        close();
        throw new IOException("squid did not listen on 127.0.0.1:" + port + " within " + timeout);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
