package io.github.wudl.portable;

import static io.github.wudl.portable.Fixture.withFiles;

import io.github.wudl.job.DownloaderContractTest.ContractBackend;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The portable backend as the downloader contract sees it: one catalog on a real local server with two small
 * updates ("Quick …"), two whose files the server holds back until the end of the test ("Held …"), and one
 * without a bootstrapper; a session per downloader, callback exceptions recorded.
 */
final class PortableContract implements ContractBackend {
    private final Path dir;
    private final Fixture fx;
    private final List<String> reported = new CopyOnWriteArrayList<>();

    PortableContract() throws Exception {
        dir = Files.createTempDirectory("wudl-contract");
        fx = new Fixture(dir);
        fx.update("Quick 1", u -> withFiles(u, fx.file("q1.bin", 50_000)));
        fx.update("Quick 2", u -> withFiles(u, fx.file("q2.bin", 20_000)));
        fx.update("Held 1", u -> withFiles(u, fx.file("h1.bin", 100_000)));
        fx.update("Held 2", u -> withFiles(u, fx.file("h2.bin", 100_000)));
        fx.server.faults("/content/h1.bin").stallAfter(1000);
        fx.server.faults("/content/h2.bin").stallAfter(1000);
        fx.writeCatalog();
    }

    private UpdateSession session() throws Exception {
        return fx.session(fx.options()
                .callbackErrorReporter((what, e) -> reported.add(what))
                .build());
    }

    private UpdateDownloader downloader(UpdateSession s, Predicate<String> titles) {
        UpdateDownloader d = s.createUpdateDownloader();
        UpdateCollection c = new UpdateCollection();
        for (Update u : s.createUpdateSearcher().search("IsInstalled=0").updates()) {
            if (titles.test(u.title())) {
                c.add(u);
            }
        }
        d.setUpdates(c);
        return d;
    }

    @Override
    public UpdateDownloader quick() throws Exception {
        return downloader(session(), t -> t.startsWith("Quick"));
    }

    @Override
    public UpdateDownloader held() throws Exception {
        return downloader(session(), t -> t.startsWith("Held"));
    }

    @Override
    public UpdateDownloader lockedDown() throws Exception {
        UpdateSession s = session();
        UpdateDownloader d = downloader(s, t -> t.startsWith("Quick"));
        s.lockDown();
        return d;
    }

    @Override
    public UpdateDownloader unset() throws Exception {
        return session().createUpdateDownloader();
    }

    @Override
    public UpdateDownloader withoutBootstrapper() throws Exception {
        return quick(); // no update of this catalog has a bootstrapper
    }

    @Override
    public List<String> reported() {
        return reported;
    }

    @Override
    public void close() {
        fx.server.releaseStalls();
        fx.close();
        io.github.wudl.cli.TempDirs.deleteQuietly(dir);
    }
}
