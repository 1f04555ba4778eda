package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.portable.PortableBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hidden training run scripts/wudl builds its class-data-sharing archive from. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CdsTrainingCommandTest {
    private static Set<Path> trainingDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("wudl-cds-"))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void runsSearchDownloadAndAScriptSilentlyAndLeavesNothingBehind() throws IOException {
        Set<Path> before = trainingDirs();
        CommandLineTest.Run r = CommandLineTest.run(PortableBackend.INSTANCE, "cds-training");
        assertEquals(0, r.status(), "every pass succeeded: " + r);
        assertEquals("", r.out(), "nothing printed");
        assertEquals("", r.err(), "nothing printed");
        Set<Path> after = trainingDirs();
        after.removeAll(before);
        assertTrue(after.isEmpty(), "the temporary directory is deleted: " + after);
    }

    @Test
    void isNotListedInHelp() {
        CommandLineTest.Run help = CommandLineTest.run("--help");
        assertFalse(help.out().contains("cds-training"), help.out());
        assertTrue(help.out().contains("search") && help.out().contains("run"), help.out());
    }
}
