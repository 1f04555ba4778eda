package io.github.wudl.cli;

import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;

/**
 * {@code Main} with a {@link FakeBackend} whose job runs until aborted: lets a test send a real SIGTERM to a
 * real process and check the shutdown-hook path (abort, report, exit 3) without the portable backend.
 */
public final class FakeCliMain {
    private FakeCliMain() {}

    public static void main(String[] args) {
        FakeBackend backend = new FakeBackend(
                List.of(new FakeBackend.FakeUpdate(
                        "11111111-1111-1111-1111-111111111111", "Hanging update", "1", 1000, false, false)),
                i -> UpdateDownloadResult.of(0, OperationResultCode.Succeeded));
        backend.hangUntilAbort = true;
        // as Main: the platform default charset, the one PrintWriter(OutputStream) picks
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        int status = Main.run(new CliEnvironment(backend.opener(), true, System.getenv()), out, err, args);
        System.exit(status);
    }
}
