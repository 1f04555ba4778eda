package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Exclusive ownership of one cache key, across threads and processes. A {@link FileLock} excludes other
 * processes, but the JVM refuses a second lock on the same file from within one process
 * (OverlappingFileLockException) instead of waiting, so a per-path semaphore first excludes other threads
 * of this JVM (e.g. a second Transferer on the same cache).
 *
 * <p>Both waits poll (every {@value #POLL_MS} ms) instead of blocking, so that a cancel can end them without
 * interrupting the worker thread (an interrupt would also break the part file's channel).
 */
final class KeyLock implements AutoCloseable {
    private static final long POLL_MS = 50;
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore semaphore;
    private final FileChannel channel;
    private final FileLock lock;

    private KeyLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
        this.semaphore = semaphore;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the key; InterruptedException when {@code cancel} opens (or the thread is interrupted). */
    static KeyLock acquire(Path lockFile, CountDownLatch cancel) throws IOException, InterruptedException {
        Semaphore s = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new Semaphore(1));
        while (!s.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
            if (cancel.getCount() == 0) {
                throw new InterruptedException("cancelled while waiting for " + lockFile);
            }
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            for (FileLock l = ch.tryLock(); ; l = ch.tryLock()) {
                if (l != null) {
                    return new KeyLock(s, ch, l);
                }
                if (cancel.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("cancelled while waiting for " + lockFile);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            s.release();
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
