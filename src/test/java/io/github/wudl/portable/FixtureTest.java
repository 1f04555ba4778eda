package io.github.wudl.portable;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Base of the portable-backend tests: a fresh {@link Fixture} (server, temp dir, cache) per test. */
@Timeout(60)
abstract class FixtureTest {
    @TempDir
    Path tmp;

    Fixture fx;

    @BeforeEach
    void startFixture() throws Exception {
        fx = new Fixture(tmp);
    }

    @AfterEach
    void stopFixture() {
        fx.close();
    }
}
