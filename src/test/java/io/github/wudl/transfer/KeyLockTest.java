package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Key locks in one shared lock file: between threads of this JVM and between processes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyLockTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private Path lockFile() {
        return dir.resolve("keys.lock");
    }

    @Test
    void aSecondThreadWaitsForTheSameKeyAndGetsItOnRelease() throws Exception {
        KeyLock first = KeyLock.acquire(lockFile(), "sha256-aa", never);
        Future<KeyLock> second = pool.submit(() -> KeyLock.acquire(lockFile(), "sha256-aa", never));
        assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS), "still held by the first");
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertFalse(KeyLock.isOpen(lockFile()), "the lock file's channel is closed once no key is held");
    }

    @Test
    void differentKeysAreHeldAtOnce() throws Exception {
        KeyLock a = KeyLock.acquire(lockFile(), "sha256-aa", never);
        KeyLock b = pool.submit(() -> KeyLock.acquire(lockFile(), "sha256-bb", never))
                .get(10, TimeUnit.SECONDS);
        assertNotEquals(KeyLock.offset("sha256-aa"), KeyLock.offset("sha256-bb"));
        assertTrue(KeyLock.isOpen(lockFile()), "one channel for the file, whatever the number of keys");
        b.close();
        a.close();
        assertFalse(KeyLock.isOpen(lockFile()));
    }

    @Test
    void cancelEndsAWaitAndLeavesNothingHeld() throws Exception {
        KeyLock first = KeyLock.acquire(lockFile(), "sha256-cc", never);
        CountDownLatch cancel = new CountDownLatch(1);
        Future<KeyLock> second = pool.submit(() -> KeyLock.acquire(lockFile(), "sha256-cc", cancel));
        cancel.countDown();
        Exception e = assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
        first.close();
        KeyLock.acquire(lockFile(), "sha256-cc", never).close();
        assertFalse(KeyLock.isOpen(lockFile()));
    }

    @Test
    void aCacheReachedUnderTwoNamesSharesOneChannel() throws Exception {
        Path real = java.nio.file.Files.createDirectory(dir.resolve("cache"));
        Path link;
        try {
            link = java.nio.file.Files.createSymbolicLink(dir.resolve("link"), real);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        KeyLock a = KeyLock.acquire(real.resolve("keys.lock"), "sha256-aa", never);
        KeyLock b = KeyLock.acquire(link.resolve("keys.lock"), "sha256-bb", never);
        b.close(); // with two channels, this close would drop a's lock too (POSIX)
        assertTrue(KeyLock.isOpen(real.resolve("keys.lock")), "still open: a holds a key through it");
        Future<KeyLock> same = pool.submit(() -> KeyLock.acquire(link.resolve("keys.lock"), "sha256-aa", never));
        assertThrows(
                TimeoutException.class, () -> same.get(300, TimeUnit.MILLISECONDS), "a's key, under the other name");
        a.close();
        a.close(); // idempotent: must not release the channel a second time under the next holder
        KeyLock c = same.get(10, TimeUnit.SECONDS);
        assertTrue(KeyLock.isOpen(real.resolve("keys.lock")));
        c.close();
        assertFalse(KeyLock.isOpen(link.resolve("keys.lock")));
    }

    @Test
    void offsetsArePositiveAndStable() {
        for (String k : new String[] {"sha256-00", "sha1-ff", "unverified-0123", ""}) {
            long o = KeyLock.offset(k);
            assertTrue(o >= 0 && o < Long.MAX_VALUE / 2, k + " -> " + o);
            assertEquals(o, KeyLock.offset(k));
        }
    }

    /** Another JVM holds the key: this one waits until that process lets go (here: ends). */
    @Test
    void anotherProcessHoldingTheKeyExcludesThisOne() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        KeyLockHolder.class.getName(),
                        lockFile().toString(),
                        "sha256-dd")
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("held", out.readLine());
            Future<KeyLock> mine = pool.submit(() -> KeyLock.acquire(lockFile(), "sha256-dd", never));
            assertThrows(
                    TimeoutException.class, () -> mine.get(300, TimeUnit.MILLISECONDS), "held by the other process");
            KeyLock other = KeyLock.acquire(lockFile(), "sha256-ee", never); // another key is free meanwhile
            other.close();
            holder.getOutputStream().close(); // the holder releases and exits
            mine.get(20, TimeUnit.SECONDS).close();
            assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, holder.exitValue());
        } finally {
            holder.destroyForcibly();
        }
        assertFalse(holder.isAlive());
    }

    /** {@code KeyLockHolder LOCKFILE KEY}: holds the key, prints "held", releases when stdin closes. */
    public static final class KeyLockHolder {
        public static void main(String[] args) throws Exception {
            KeyLock l = KeyLock.acquire(Path.of(args[0]), args[1], new CountDownLatch(1));
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
            l.close();
        }
    }
}
