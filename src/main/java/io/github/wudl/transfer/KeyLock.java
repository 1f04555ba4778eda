package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive ownership of one cache key, across threads and processes. A {@link FileLock} excludes other
 * processes, but the JVM refuses a second lock on the same file from within one process
 * (OverlappingFileLockException) instead of waiting, so a per-path semaphore first excludes other threads
 * of this JVM (e.g. a second Transferer on the same cache). Both waits end with InterruptedException /
 * FileLockInterruptionException when the waiting thread is interrupted, which is how cancel reaches them.
 */
final class KeyLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore semaphore;
    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
        this.semaphore = semaphore;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the key; interruptible. */
    static KeyLock acquire(Path lockFile) throws IOException, InterruptedException {
        Semaphore s = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new Semaphore(1));
        s.acquire();
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.lock();
            return new KeyLock(s, ch, l);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            s.release();
            if (Thread.interrupted()) {
                // lock() was interrupted (FileLockInterruptionException): report it as the interrupt it is
                throw new InterruptedException("interrupted while waiting for " + lockFile);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        } finally {
            semaphore.release();
        }
    }
}
