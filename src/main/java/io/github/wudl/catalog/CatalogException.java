package io.github.wudl.catalog;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.InputPosition;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;

/**
 * A catalog or a search criteria string that wudl refuses, or a catalog that could not be read.
 *
 * <p>Bad input (a malformed catalog, bad criteria) carries {@link HResult#E_INVALIDARG}; a stream that fails
 * while the catalog is being read carries {@link HResult#E_FAIL}. The message says where the first problem
 * is ({@link #jsonPath()} such as {@code $.updates[2].files[0].sha256}, or a line and column), what was
 * wrong and what to do. Credentials in URLs ({@code https://user:pw@host}) never appear in the message:
 * they are replaced by {@code user:***@}.
 */
public final class CatalogException extends WuaException implements InputPosition {
    private static final long serialVersionUID = 1L;

    private final String jsonPath;
    private final long line;
    private final long column;

    CatalogException(String jsonPath, long line, long column, String detail) {
        this(HResult.E_INVALIDARG, jsonPath, line, column, detail, null);
    }

    CatalogException(HResult hresult, String jsonPath, long line, long column, String detail, Throwable cause) {
        // redact here as well as at the call sites: no message may leak a password, whatever built it
        super(hresult, Redaction.text(detail), cause);
        this.jsonPath = jsonPath;
        this.line = line;
        this.column = column;
    }

    @Override
    public String position() {
        return line > 0 ? "at line " + line + ", column " + column : jsonPath != null ? "at " + jsonPath : null;
    }

    /** The JSON path of the offending value ({@code $.updates[0].title}), or null when there is none. */
    public String jsonPath() {
        return jsonPath;
    }

    /** The 1-based line of a JSON syntax error, or -1 when the problem is not tied to a line. */
    public long line() {
        return line;
    }

    /**
     * The 1-based column of a JSON syntax error or of the offending token of a criteria string, or -1 when
     * the problem is not tied to a column.
     */
    public long column() {
        return column;
    }
}
