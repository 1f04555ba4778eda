package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineBundleTest {
    @TempDir
    Path tmp;

    @Test
    void findsTheLibrariesBesideTheJarOnTheClassPathOrInAnotherVersion() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("WEB-INF/lib"));
        Path engine = jar(
                lib.resolve("wudl-0.1.0.jar"),
                "lib/picocli-4.7.7.jar lib/jackson-databind-2.18.2.jar "
                        + "lib/polyglot-25.0.5.jar lib/jna-5.14.0.jar");
        Files.writeString(lib.resolve("picocli-4.7.7.jar"), "p");
        Files.writeString(lib.resolve("polyglot-25.0.6.jar"), "newer");
        Path repo = Files.createDirectories(tmp.resolve("m2/jackson-databind/2.18.2"));
        Path jackson = Files.writeString(repo.resolve("jackson-databind-2.18.2.jar"), "j");

        EngineBundle b = EngineBundle.of(engine, List.of(tmp.resolve("classes"), jackson));
        assertEquals(
                List.of(
                        new EngineBundle.Entry("wudl.jar", engine),
                        new EngineBundle.Entry("lib/picocli-4.7.7.jar", lib.resolve("picocli-4.7.7.jar")),
                        new EngineBundle.Entry("lib/jackson-databind-2.18.2.jar", jackson),
                        new EngineBundle.Entry("lib/polyglot-25.0.5.jar", lib.resolve("polyglot-25.0.6.jar"))),
                b.entries());
        assertEquals(List.of("lib/jna-5.14.0.jar"), b.missing());
        Path core = Files.createDirectories(tmp.resolve("war/WEB-INF/lib"));
        Path jna = Files.writeString(core.resolve("jna-5.18.1.jar"), "core's");
        EngineBundle withCore = EngineBundle.of(engine, List.of(jackson, core));
        assertEquals(List.of(), withCore.missing(), "a library folder is searched too");
        assertEquals(jna, withCore.entries().get(4).source());

        String before = b.digest();
        assertEquals(64, before.length());
        assertEquals(before, EngineBundle.of(engine, List.of(jackson)).digest(), "same files, same digest");
        Files.writeString(lib.resolve("picocli-4.7.7.jar"), "changed");
        assertNotEquals(before, EngineBundle.of(engine, List.of(jackson)).digest());
    }

    @Test
    void aDirectoryIsNotAnEngineJar() {
        assertThrows(IOException.class, () -> EngineBundle.of(tmp, List.of()));
    }

    @Test
    void artifactNames() {
        assertEquals("jackson-databind", EngineBundle.artifactName("jackson-databind-2.18.2.jar"));
        assertEquals("js-language", EngineBundle.artifactName("js-language-25.0.5.jar"));
        assertEquals("wudl", EngineBundle.artifactName("wudl.jar"));
    }

    /** A jar with only a manifest: {@code Class-Path} as given, {@code Main-Class} the command line. */
    static Path jar(Path file, String classPath) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.github.wudl.cli.Main");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return file;
    }
}
