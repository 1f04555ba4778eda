package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * WScript.StdIn: the text a script reads from the host's standard input (in the platform's charset, as a
 * console's), as a TextStream opened for reading: ReadLine, ReadAll, Read(n), Skip(n), SkipLine,
 * AtEndOfStream, AtEndOfLine, Line and Column. Reading blocks the script until the input gives that much or
 * ends, as under cscript; reading past the end is JScript's "Input past end of file" (0x800A003E). Shared by
 * every run of one host; used by one script thread at a time.
 */
final class StdIn {
    /** The most one ReadAll or Read gives, so that an endless pipe cannot fill the heap. */
    static final int MAX_CHARS = 64 << 20;

    private final BufferedReader reader;
    private int line = 1;
    private int column = 1;

    StdIn(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, Charset.defaultCharset()));
    }

    private static WuaException pastEnd() {
        return new WuaException(
                HResult.JS_E_INPUT_PAST_END, "Input past end of file: standard input has no more; test AtEndOfStream");
    }

    synchronized boolean atEndOfStream() {
        return peek() < 0;
    }

    synchronized boolean atEndOfLine() {
        int c = peek();
        return c < 0 || c == '\n' || c == '\r';
    }

    synchronized String readLine() {
        if (peek() < 0) {
            throw pastEnd();
        }
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = next()) >= 0 && c != '\n') {
            if (text.length() == MAX_CHARS) {
                throw tooLong();
            }
            text.append((char) c);
        }
        int n = text.length();
        return n > 0 && text.charAt(n - 1) == '\r' ? text.substring(0, n - 1) : text.toString();
    }

    synchronized String read(int count) {
        if (count < 0) {
            throw new WuaException(HResult.E_INVALIDARG, "Read(" + count + "): give a number of characters, 0 or more");
        }
        if (count > 0 && peek() < 0) {
            throw pastEnd();
        }
        StringBuilder text = new StringBuilder();
        int c;
        while (text.length() < Math.min(count, MAX_CHARS) && (c = next()) >= 0) {
            text.append((char) c);
        }
        return text.toString();
    }

    synchronized String readAll() {
        if (peek() < 0) {
            throw pastEnd();
        }
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = next()) >= 0) {
            if (text.length() == MAX_CHARS) {
                throw tooLong();
            }
            text.append((char) c);
        }
        return text.toString();
    }

    synchronized void skip(int count) {
        read(count);
    }

    synchronized void skipLine() {
        readLine();
    }

    synchronized int line() {
        return line;
    }

    synchronized int column() {
        return column;
    }

    private static WuaException tooLong() {
        return new WuaException(
                HResult.E_OUTOFMEMORY,
                "standard input gives more than " + (MAX_CHARS >> 20) + " Mi characters at once; read it by lines");
    }

    private int peek() {
        try {
            reader.mark(1);
            int c = reader.read();
            if (c >= 0) {
                reader.reset();
            }
            return c;
        } catch (IOException e) {
            throw new WuaException(HResult.E_FAIL, "standard input cannot be read: " + e.getMessage(), e);
        }
    }

    private int next() {
        try {
            int c = reader.read();
            if (c == '\n') {
                line++;
                column = 1;
            } else if (c >= 0) {
                column++;
            }
            return c;
        } catch (IOException e) {
            throw new WuaException(HResult.E_FAIL, "standard input cannot be read: " + e.getMessage(), e);
        }
    }
}
