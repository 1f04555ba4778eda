package io.github.wudl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the Maven version recorded in the jar (or "development build" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "wudl " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }

    static String version() {
        // maven-jar-plugin records pom.properties in the jar; target/classes has none
        try (InputStream in =
                VersionProvider.class.getResourceAsStream("/META-INF/maven/io.github.wudl/wudl/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException ignored) {
            // fall through to the development marker
        }
        String impl = VersionProvider.class.getPackage().getImplementationVersion();
        return impl != null ? impl : "development build";
    }
}
