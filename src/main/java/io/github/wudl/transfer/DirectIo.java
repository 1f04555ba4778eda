package io.github.wudl.transfer;

import java.nio.file.OpenOption;

/**
 * The JDK's open option for direct I/O ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}, JDK 10+, in the
 * jdk.unsupported module), looked up by name so that a runtime without it only loses direct writes: then
 * {@link #OPTION} is null and opening with it fails, which {@link PartFile#useDirectWrites()} takes as "no".
 */
final class DirectIo {
    static final OpenOption OPTION = lookup();

    private DirectIo() {}

    private static OpenOption lookup() {
        try {
            Class<?> c = Class.forName("com.sun.nio.file.ExtendedOpenOption");
            for (Object o : c.getEnumConstants()) {
                if (((Enum<?>) o).name().equals("DIRECT")) {
                    return (OpenOption) o;
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // not this JDK
        }
        return null;
    }
}
