package io.github.wudl.wua;

/**
 * Implemented by errors about a document (a catalog, criteria) that can say where in it the problem is without
 * quoting it. Layers that must not show a document's content (the script host, for a file a script named) use
 * {@link #position()} instead of the message.
 */
public interface InputPosition {
    /** "at line L, column C", "at $.updates[2].size", or null when the problem has no position. */
    String position();
}
