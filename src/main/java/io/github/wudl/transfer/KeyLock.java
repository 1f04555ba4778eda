package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Exclusive ownership of one cache key, across threads and processes.
 *
 * <p>Every key of a cache is a one-byte region of the cache's single lock file, at an offset derived from the
 * key (62 bits of its SHA-256), locked with {@link FileChannel#tryLock(long, long, boolean)}: other processes
 * are excluded by the operating system's record lock, and no file is created per key (creating one cost about
 * a millisecond of file-system time per file on ext4, a third of what 300 small files took). Two keys whose
 * offsets collided would only wait for each other.
 *
 * <p>Within this JVM: the JVM refuses an overlapping lock instead of waiting, and on POSIX systems closing any
 * channel of a file drops all the process's locks on it; so a table here excludes other threads of this JVM
 * from a region, all locks on a lock file go through one channel, and that channel is closed only when no
 * region of it is held or wanted. The table knows a lock file by its file key (device and inode) where the
 * platform has one, else by its real path, so a cache reached under two names (a symbolic link, a bind
 * mount) still shares one channel.
 *
 * <p>Waits poll (every {@value #POLL_MS} ms) instead of blocking, so that a cancel can end them without
 * interrupting the worker thread (an interrupt would also break the part file's channel).
 */
final class KeyLock implements AutoCloseable {
    private static final long POLL_MS = 50;
    /** Open lock files of this JVM by {@link #identity}; guarded by itself. */
    private static final Map<Object, LockFile> OPEN = new HashMap<>();

    private final LockFile file;
    private final long offset;
    private final FileLock lock;
    private boolean closed;

    private KeyLock(LockFile file, long offset, FileLock lock) {
        this.file = file;
        this.offset = offset;
        this.lock = lock;
    }

    /** Waits for {@code key} in {@code lockFile}; InterruptedException when {@code cancel} opens. */
    static KeyLock acquire(Path lockFile, String key, CountDownLatch cancel) throws IOException, InterruptedException {
        long offset = offset(key);
        LockFile f = LockFile.use(lockFile);
        boolean claimed = false;
        try {
            f.claim(offset, cancel, lockFile);
            claimed = true;
            for (FileLock l = f.channel.tryLock(offset, 1, false); ; l = f.channel.tryLock(offset, 1, false)) {
                if (l != null) {
                    return new KeyLock(f, offset, l);
                }
                if (cancel.await(POLL_MS, TimeUnit.MILLISECONDS)) {
                    throw new InterruptedException("cancelled while waiting for " + key + " in " + lockFile);
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (claimed) {
                f.unclaim(offset);
            }
            f.leave();
            throw e;
        }
    }

    /** The key's region: 62 bits of its SHA-256, so offsets stay positive and far below Long.MAX_VALUE. */
    static long offset(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v >>> 2;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this JVM has the lock file open now (for tests: not once every key in it is released). */
    static boolean isOpen(Path lockFile) throws IOException {
        synchronized (OPEN) { // identity() may create the file: see LockFile.use
            return OPEN.containsKey(identity(lockFile));
        }
    }

    /**
     * The lock file's identity, creating the file if needed. Creating it with O_EXCL opens no descriptor of
     * an existing file, so it cannot drop locks held through another channel.
     */
    private static Object identity(Path lockFile) throws IOException {
        try {
            Files.createFile(lockFile);
        } catch (FileAlreadyExistsException e) {
            // the usual case
        }
        // never through a link: ContentCache removed any it found when it opened; one planted since is refused
        BasicFileAttributes a = Files.readAttributes(lockFile, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new IOException("the lock file " + lockFile + " is not a regular file (a link or special file was"
                    + " put there); remove it and run again");
        }
        Object key = a.fileKey();
        return key != null ? key : lockFile.toRealPath();
    }

    /** Releases the key; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // closing the channel, once unused, releases it anyway
        } finally {
            file.unclaim(offset);
            file.leave();
        }
    }

    /** One lock file's channel and the regions threads of this JVM hold or are acquiring. */
    private static final class LockFile {
        private final Object id;
        private final FileChannel channel;
        /** Threads between {@link #use} and {@link #leave}; guarded by OPEN. */
        private int users;
        /** Regions claimed by a thread of this JVM; guarded by this. */
        private final Set<Long> claimed = new HashSet<>();

        private LockFile(Object id, FileChannel channel) {
            this.id = id;
            this.channel = channel;
        }

        static LockFile use(Path path) throws IOException {
            synchronized (OPEN) {
                // identity() may create the file, and creating opens and closes a descriptor of it; on POSIX that
                // close drops every lock this process holds on the file. Under OPEN no other thread can open the
                // shared channel, so none can hold a lock yet when the file is new (two processes sharing a fresh
                // cache once both fetched the big file: the creator's close had freed a region another thread held)
                Object id = identity(path);
                LockFile f = OPEN.get(id);
                if (f == null) {
                    f = new LockFile(
                            id,
                            FileChannel.open(
                                    path,
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE,
                                    LinkOption.NOFOLLOW_LINKS));
                    OPEN.put(id, f);
                }
                f.users++;
                return f;
            }
        }

        void leave() {
            synchronized (OPEN) {
                if (--users == 0) {
                    OPEN.remove(id);
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing is locked through it any more
                    }
                }
            }
        }

        synchronized void claim(long offset, CountDownLatch cancel, Path lockFile) throws InterruptedException {
            while (claimed.contains(offset)) {
                if (cancel.getCount() == 0) {
                    throw new InterruptedException("cancelled while waiting for a key in " + lockFile);
                }
                wait(POLL_MS);
            }
            claimed.add(offset);
        }

        synchronized void unclaim(long offset) {
            claimed.remove(offset);
            notifyAll();
        }
    }
}
