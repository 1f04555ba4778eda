package io.github.wudl.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A {@code java @file} argument file: {@code -Dkey=value} lines, each quoted, readable only by the owner.
 * Why a file: a password on the command line is visible to every user through {@code ps}, and
 * {@code JDK_JAVA_OPTIONS} would make the launcher echo it ("Picked up JDK_JAVA_OPTIONS: …").
 */
final class ArgFile {
    private ArgFile() {}

    static Path write(Path file, Map<String, String> systemProperties) throws IOException {
        StringBuilder b = new StringBuilder();
        systemProperties.forEach((k, v) -> b.append(quote("-D" + k + "=" + v)).append('\n'));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    /** The launcher's quoting: double quotes around, backslash before a backslash or a double quote. */
    static String quote(String arg) {
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
