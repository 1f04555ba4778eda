package io.github.wudl.transfer;

/** The answer to a GET after redirects (see {@link Http#get} and {@link Transport}); the caller reads and closes the body. */
interface Response extends AutoCloseable {
    int status();

    /** The first value of a header (name case-insensitive), or null. */
    String header(String name);

    /** Content-Length, or -1 when absent or malformed. */
    long contentLength();

    Body body();

    @Override
    default void close() {
        body().close();
    }
}
