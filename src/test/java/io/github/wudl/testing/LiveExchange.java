package io.github.wudl.testing;

import java.util.Map;

/** An exchange in the log, updated while it runs. */
final class LiveExchange {
    final String method;
    final String path;
    final Map<String, String> headers;
    volatile int status;
    volatile long bytesSent;
    volatile boolean complete;

    LiveExchange(String method, String path, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.headers = headers;
    }

    ContentServer.Exchange snapshot() {
        return new ContentServer.Exchange(method, path, headers, status, bytesSent, complete);
    }
}
